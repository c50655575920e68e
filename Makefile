# kl_divergence: PGXS build.
#
#   make && make install          build and install into the PostgreSQL
#                                 that pg_config names
#   make installcheck             pg_regress tests (sql/ -> expected/)
#   make unit                     C unit tests of src/core (no PostgreSQL)
#   make WERROR=-Werror ...       treat warnings as errors (CI does)
#
# The install and upgrade scripts are sql/kl_divergence--*.sql: the whole
# current version in one file (kl_divergence--0.4.0.sql, which CREATE
# EXTENSION runs), the first version (--0.1.0.sql) and one upgrade script
# per step (--A--B.sql). Every other file in sql/ is a regression test.

EXTENSION = kl_divergence
MODULE_big = kl_divergence

CORE_SRCS = $(wildcard src/core/*.c)
GLUE_SRCS = $(wildcard src/*.c)
OBJS = $(GLUE_SRCS:.c=.o) $(CORE_SRCS:.c=.o)

DATA = $(wildcard sql/$(EXTENSION)--*.sql)
REGRESS = $(sort $(filter-out $(EXTENSION)--%,$(notdir $(basename $(wildcard sql/*.sql)))))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

# No -ffast-math and no contraction into FMA: results must keep IEEE
# semantics (Inf, NaN) and be the same whatever instructions are available.
WERROR ?=
KLD_CFLAGS = -std=gnu99 -Wall -Wextra \
	-ffp-contract=off $(WERROR)
# On 32-bit x86, compute in SSE2 doubles as on x86-64, not in the x87's
# 80-bit registers, so that results are the same bits as on every other
# architecture (where the server's own arithmetic matters, as for
# width_bucket, the server is asked).
ifneq ($(filter i%86-linux-gnu,$(shell $(CC) -dumpmachine)),)
KLD_CFLAGS += -msse2 -mfpmath=sse
endif
PG_CFLAGS = $(KLD_CFLAGS)

PG_CONFIG ?= pg_config

# PostgreSQL's own headers are not -Wextra clean (sign comparisons in
# macros such as ARR_DATA_PTR); read them as system headers so the warnings
# that remain are ours.
PG_CPPFLAGS = -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies; rebuild everything when one changes.
$(OBJS): $(wildcard src/*.h src/core/*.h src/core/simd/*.h src/core/simd/*.inc)

# The AVX2 and AVX-512 kernels, and only they, may use those instructions;
# the dispatch in src/core/kernels.c calls them only on CPUs that have them.
# (The bitcode PostgreSQL's JIT may inline gets the same flags.)
# kernel_flags(file, compiler): the instruction-set flags of a core file.
kernel_flags = $(if $(filter x86_64%,$(shell $(2) -dumpmachine)),$(if \
	$(findstring kernels_avx512,$(1)),-mavx512f -mavx512dq -mavx2 -mfma,$(if \
	$(findstring kernels_avx2,$(1)),-mavx2 -mfma)))
src/core/kernels_avx2.o src/core/kernels_avx512.o: override CFLAGS += $(call kernel_flags,$@,$(CC))
src/core/kernels_avx2.bc src/core/kernels_avx512.bc: BITCODE_CFLAGS += $(call kernel_flags,$@,$(CLANG))
BITCODE_CFLAGS += -ffp-contract=off

# C unit tests of the numeric core: plain C, linked without PostgreSQL.
UNIT_TESTS = $(basename $(wildcard test/unit/test_*.c))
UNIT_CC ?= $(CC)
UNIT_CFLAGS = -O2 -g $(KLD_CFLAGS) -Isrc -Itest/unit

CORE_HEADERS = $(wildcard src/core/*.h src/core/simd/*.h src/core/simd/*.inc)

# The core's objects for the unit tests, each with its own flags (the SIMD
# kernels with theirs), so the tests run the very code the extension does;
# one directory per target, so UNIT_CC=aarch64-linux-gnu-gcc can sit beside.
UNIT_ARCH := $(shell $(UNIT_CC) -dumpmachine)
test/unit/core/$(UNIT_ARCH)/%.o: src/core/%.c $(CORE_HEADERS)
	@mkdir -p $(dir $@)
	$(UNIT_CC) $(UNIT_CFLAGS) $(call kernel_flags,$*,$(UNIT_CC)) -c -o $@ $<

UNIT_CORE_OBJS = $(patsubst src/core/%.c,test/unit/core/$(UNIT_ARCH)/%.o,$(CORE_SRCS))

test/unit/%: test/unit/%.c test/unit/unit.h $(UNIT_CORE_OBJS)
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ $< $(UNIT_CORE_OBJS) -lm

.PHONY: unit
unit: $(UNIT_TESTS)
	@status=0; for simd in off auto; do for t in $(UNIT_TESTS); do \
		KLD_SIMD=$$simd ./$$t || status=1; done; done; exit $$status

EXTRA_CLEAN = $(UNIT_TESTS) test/unit/core results regression.diffs regression.out
