/* TODO: prw-qt-finish (being written) */
