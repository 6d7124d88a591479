/* TODO: prw-verify (being written) */
