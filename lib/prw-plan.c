/* TODO: prw-plan (being written) */
