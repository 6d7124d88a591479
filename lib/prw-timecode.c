/* TODO: prw-timecode (being written) */
