// Placeholder entry point so the `ron` executable builds; the node's real Program replaces it.
return 0;
