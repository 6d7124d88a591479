/* TODO: prw-qt-atoms (being written) */
