"""Developer tools run from a checkout: screenshots, the graph demo. Never installed."""
