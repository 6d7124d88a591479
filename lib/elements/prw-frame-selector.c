/* TODO: elements/prw-frame-selector (being written) */
