# National-scale run (issue 7 item 3): all 34 provinces, 24 months, ~50 million dossiers.
# Not part of `make bench` (about 50 minutes and ~45 GB of disk): run it on its own.
.PHONY: bench-national
bench-national: $(BIN)
	bench/national.sh
