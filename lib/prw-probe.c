/* TODO: prw-probe (being written) */
