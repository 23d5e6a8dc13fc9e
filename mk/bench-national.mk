# National-scale run (issue 7 item 3): all 34 provinces, 24 months, ~50 million dossiers.
# Not part of `make bench` (an hour and ~45 GB of disk): run it on its own.
.PHONY: bench-national
bench-national: $(BIN)
	bench/national.sh
