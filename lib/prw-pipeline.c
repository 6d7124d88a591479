/* TODO: prw-pipeline (being written) */
