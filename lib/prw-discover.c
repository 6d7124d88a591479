/* TODO: prw-discover (being written) */
