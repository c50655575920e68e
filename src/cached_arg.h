/*
 * cached_arg.h: an array argument that is usually the same on every call
 * (a reference histogram, the edges of a histogram), read, detoasted and
 * copied once into the function's memory (fn_mcxt) and recognized again on
 * later calls without detoasting it or reading it in full.
 *
 * A caller keeps one kld_cached_array in its fn_extra and works out what it
 * derives from the value (q's checked sum, the edges' checks) again only
 * when the generation changes. See cached_arg.c for why each way of
 * recognizing the value is safe.
 */
#ifndef KLD_CACHED_ARG_H
#define KLD_CACHED_ARG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

typedef enum kld_arg_source
{
	KLD_SOURCE_UNKNOWN = 0,		/* not looked at yet */
	KLD_SOURCE_CONST,			/* a Const of the plan: one value for the FmgrInfo's life */
	KLD_SOURCE_PARAM,			/* a Param, in an aggregate: see cached_arg.c */
	KLD_SOURCE_OTHER			/* anything else: recognized by its bytes */
} kld_arg_source;

typedef struct kld_cached_array
{
	ArrayType  *value;			/* the value, detoasted, in fn_mcxt; NULL at first */
	uint64		generation;		/* incremented whenever value changes */
	uint64		hits;			/* calls that found value the same */
	uint64		misses;			/* calls that changed it */
	kld_arg_source source;
	/* the stored form (a TOAST pointer, compressed bytes) it was last read from */
	char	   *stored;
	Size		stored_length;
	Size		stored_capacity;
	/* a Param's datum pointer, valid until aggregate_context is reset */
	Pointer		pointer;
	MemoryContext pointer_context;
	MemoryContext callback_context; /* where a reset callback is registered */
} kld_cached_array;

/*
 * Argument argno (not NULL) as a detoasted array: cache->value, which the
 * call must not change. aggregate_context is the aggregate's memory context
 * for a transition function (AggCheckCallContext), else NULL.
 */
ArrayType  *kld_cached_array_get(FunctionCallInfo fcinfo, int argno,
								 MemoryContext aggregate_context,
								 kld_cached_array *cache);

/*
 * Whether caching argument argno pays off for a function of one call per
 * row whose argument may also differ on every row (a column): when the
 * argument is a Const (or, in an aggregate, a Param), or is stored out of
 * line or compressed (detoasting it costs more than a copy), and has not
 * mostly changed from call to call. Otherwise the caller reads the
 * argument as usual.
 */
bool		kld_cached_array_pays(FunctionCallInfo fcinfo, int argno,
								  MemoryContext aggregate_context,
								  kld_cached_array *cache);

#endif							/* KLD_CACHED_ARG_H */
