"""Scripts run by the Makefile around the site, not part of it: `make bench`, `make load`."""
