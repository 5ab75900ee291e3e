"""Use cases over core, store and gateways; the GUI and the command line both call these."""
