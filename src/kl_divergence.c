/*
 * kl_divergence.c: the module's entry point: settings, and the kernel set
 * and interrupt checks the numeric core uses.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include "core/kernels.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

typedef enum simd_setting
{
	SIMD_OFF,
	SIMD_AUTO
} simd_setting;

static const struct config_enum_entry simd_options[] = {
	{"auto", SIMD_AUTO, false},
	{"off", SIMD_OFF, false},
	{"on", SIMD_AUTO, true},
	{NULL, 0, false}
};

static int	simd = SIMD_AUTO;
static char *simd_kernels = NULL;

static void
assign_simd(int newval, void *extra)
{
	(void) extra;
	kld_select_kernels(newval == SIMD_AUTO);
}

static const char *
show_simd_kernels(void)
{
	return kld_kernels->name;
}

/* The core's long loops call this; an ERROR longjmps out of them. */
static void
check_for_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
_PG_init(void)
{
	const char *fastest = kld_select_kernels(true);

	DefineCustomEnumVariable("kl_divergence.simd",
							 "Whether the divergence functions use SIMD instructions.",
							 "auto uses the fastest instruction set this CPU has (AVX-512, "
							 "AVX2 and FMA, or NEON); off uses the portable scalar code. "
							 "Both give the same results, bit for bit.",
							 &simd, SIMD_AUTO, simd_options, PGC_USERSET, 0,
							 NULL, assign_simd, NULL);
	DefineCustomStringVariable("kl_divergence.simd_kernels",
							   "The kernel set the divergence functions use now.",
							   "avx512, avx2, neon or scalar; set kl_divergence.simd to change it.",
							   &simd_kernels, fastest, PGC_INTERNAL, 0,
							   NULL, NULL, show_simd_kernels);
	MarkGUCPrefixReserved("kl_divergence");
	kld_select_kernels(simd == SIMD_AUTO);
	kld_interrupt_hook = check_for_interrupts;
}
