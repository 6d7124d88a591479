/* TODO: prw-segment (being written) */
