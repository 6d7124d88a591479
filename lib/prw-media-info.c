/* TODO: prw-media-info (being written) */
