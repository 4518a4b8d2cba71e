# cluster.mk - an example Makefile that chains acmtools into a head-node build.
#   make -f scripts/cluster.mk -j4 all
# Each target is a tool run; the tools are idempotent, so re-running make only
# redoes what changed. Tools not built yet are marked in README.md.
TOPDIR  ?= $(HOME)/rpmbuild
REPO    ?= /install/local
SOURCES ?= sources

.PHONY: all rpmenv specs
all: rpmenv specs

# Step 11a: the build tree; --check keeps make quiet when nothing is to do.
rpmenv:
	rpmenv-init --check -q || rpmenv-init -q --topdir $(TOPDIR)

# Step 11c/e/g: one spec per upstream tarball (parallel with make -j).
SPECS := $(patsubst $(SOURCES)/%.tar.gz,$(TOPDIR)/SPECS/%.spec,$(wildcard $(SOURCES)/*.tar.gz))
specs: $(SPECS)
$(TOPDIR)/SPECS/%.spec: $(SOURCES)/%.tar.gz | rpmenv
	specgen -q -o $@ $<
