/* TODO: prw-printer (being written) */
