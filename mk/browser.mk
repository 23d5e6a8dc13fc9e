# Browser tests (reports/browser_test.go) drive Debian's chromium from Go with chromedp.
# `make test` installs it when it is missing and stops, loudly, when it cannot: under CI
# the browser tests fail rather than skip without it.
BROWSER_CHROMIUM := /usr/bin/chromium
BROWSER_SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: chromium
chromium:
	@if [ ! -x $(BROWSER_CHROMIUM) ]; then \
		echo "mk/browser.mk: $(BROWSER_CHROMIUM) is missing: installing Debian's chromium"; \
		$(BROWSER_SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(BROWSER_SUDO) apt-get install -y --no-install-recommends chromium || { \
			echo "mk/browser.mk: ERROR: could not install chromium with apt-get;" \
			     "the browser tests (reports/browser_test.go) need $(BROWSER_CHROMIUM)" >&2; exit 1; }; \
		[ -x $(BROWSER_CHROMIUM) ] || { echo "mk/browser.mk: ERROR: apt-get did not install $(BROWSER_CHROMIUM)" >&2; exit 1; }; \
	fi

TEST_DEPS += chromium
