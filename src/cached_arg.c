/*
 * cached_arg.c: an array argument read once and recognized again (see
 * cached_arg.h).
 *
 * A call's datum is recognized as the cached value in one of three ways,
 * each safe against a different value at the same address:
 *
 * - A Const of the plan (the literal, or a parameter the planner folded
 *   in): the expression that calls the function passes that Const's datum
 *   on every call, and the FmgrInfo, with its fn_extra, lives no longer
 *   than the plan's executor state. The value cannot change, so it is not
 *   even looked at again.
 *
 * - A Param, in an aggregate's transition function: during one scan of the
 *   aggregate's input the value of a Param does not change (an external
 *   parameter is fixed for the execution; an init plan's or an outer
 *   query's value changes only together with a rescan of the Agg node).
 *   A rescan, and in sorted grouping the start of each group, resets the
 *   aggregate's memory context, and a reset callback registered there
 *   forgets the pointer. So the same pointer, since the last reset, is the
 *   same value; after a reset the value is compared in full again.
 *
 * - Anything else (a column, an expression), recognized by the bytes of its
 *   stored form, never by its address: an on-disk TOAST pointer names one
 *   value (the TOAST relation and the value's OID, unique among the values
 *   a query can see: an OID is not reused while a snapshot can still see
 *   the old value), and compressed bytes decompress to one value. A value
 *   stored in plain form is compared with the cached one byte for byte,
 *   which costs a pass over its bytes but no detoasting, copying or checks.
 *
 * When the datum is not recognized, it is detoasted and compared in full
 * with the cached value: equal, the cache keeps its generation; different,
 * the cache takes a copy and a new generation.
 */
#include "cached_arg.h"

#include "nodes/primnodes.h"
#include "nodes/pg_list.h"
#include "utils/memutils.h"

/* The expression that gives argument argno, or NULL if it cannot be found. */
static Node *
argument_expression(FunctionCallInfo fcinfo, int argno, bool in_aggregate)
{
	List	   *args = NIL;
	Node	   *expr;

	if (in_aggregate)
	{
		/* A transition function's argument argno is the aggregate's argno - 1. */
		Aggref	   *aggref = AggGetAggref(fcinfo);
		TargetEntry *entry;

		if (aggref == NULL || argno < 1 || argno > list_length(aggref->args))
			return NULL;
		entry = list_nth_node(TargetEntry, aggref->args, argno - 1);
		return (Node *) entry->expr;
	}
	if (fcinfo->flinfo->fn_expr == NULL || !IsA(fcinfo->flinfo->fn_expr, FuncExpr))
		return NULL;
	args = ((FuncExpr *) fcinfo->flinfo->fn_expr)->args;
	if (argno < 0 || argno >= list_length(args))
		return NULL;
	expr = (Node *) list_nth(args, argno);
	return expr;
}

static kld_arg_source
argument_source(FunctionCallInfo fcinfo, int argno, bool in_aggregate)
{
	Node	   *expr = argument_expression(fcinfo, argno, in_aggregate);

	if (expr != NULL && IsA(expr, Const))
		return KLD_SOURCE_CONST;
	if (expr != NULL && in_aggregate && IsA(expr, Param))
		return KLD_SOURCE_PARAM;
	return KLD_SOURCE_OTHER;
}

typedef struct reset_watch
{
	MemoryContextCallback callback;
	kld_cached_array *cache;
	MemoryContext context;
} reset_watch;

/* The aggregate's memory was reset: a Param's pointer no longer proves anything. */
static void
forget_pointer(void *arg)
{
	reset_watch *watch = (reset_watch *) arg;

	watch->cache->pointer = NULL;
	watch->cache->pointer_context = NULL;
	if (watch->cache->callback_context == watch->context)
		watch->cache->callback_context = NULL;
}

static void
remember_pointer(kld_cached_array *cache, Pointer pointer, MemoryContext context)
{
	/*
	 * One watch at a time: where rows alternate between aggregate contexts
	 * (grouping sets, one context per set), the pointer is remembered only
	 * in the context being watched, and other contexts compare in full,
	 * rather than allocating a watch on every switch.
	 */
	if (cache->callback_context != NULL && cache->callback_context != context)
	{
		cache->pointer = NULL;
		cache->pointer_context = NULL;
		return;
	}
	if (cache->callback_context == NULL)
	{
		reset_watch *watch = MemoryContextAlloc(context, sizeof(reset_watch));

		watch->callback.func = forget_pointer;
		watch->callback.arg = watch;
		watch->cache = cache;
		watch->context = context;
		MemoryContextRegisterResetCallback(context, &watch->callback);
		cache->callback_context = context;
	}
	cache->pointer = pointer;
	cache->pointer_context = context;
}

/* Whether the datum has a stored form that names one value in few bytes. */
static bool
has_stored_form(Pointer datum)
{
	return VARATT_IS_EXTERNAL_ONDISK(datum) || VARATT_IS_COMPRESSED(datum);
}

static void
remember_stored_form(kld_cached_array *cache, MemoryContext context, Pointer datum)
{
	Size		length = VARSIZE_ANY(datum);

	if (cache->stored_capacity < length)
	{
		if (cache->stored != NULL)
			pfree(cache->stored);
		/* Nothing stale left behind if the allocation fails. */
		cache->stored = NULL;
		cache->stored_capacity = 0;
		cache->stored_length = 0;
		cache->stored = MemoryContextAlloc(context, length);
		cache->stored_capacity = length;
	}
	memcpy(cache->stored, datum, length);
	cache->stored_length = length;
}

ArrayType *
kld_cached_array_get(FunctionCallInfo fcinfo, int argno, MemoryContext aggregate_context,
					 kld_cached_array *cache)
{
	MemoryContext context = fcinfo->flinfo->fn_mcxt;
	Pointer		datum = DatumGetPointer(PG_GETARG_DATUM(argno));
	ArrayType  *array;

	if (cache->source == KLD_SOURCE_UNKNOWN)
		cache->source = argument_source(fcinfo, argno, aggregate_context != NULL);

	if (cache->value != NULL &&
		(cache->source == KLD_SOURCE_CONST ||
		 (cache->source == KLD_SOURCE_PARAM && cache->pointer == datum &&
		  cache->pointer_context == aggregate_context) ||
		 (has_stored_form(datum) && cache->stored_length == VARSIZE_ANY(datum) &&
		  memcmp(cache->stored, datum, cache->stored_length) == 0)))
	{
		cache->hits++;
		return cache->value;
	}

	/* Not recognized: the value itself, compared in full. */
	array = DatumGetArrayTypeP(PointerGetDatum(datum));
	if (cache->value == NULL || VARSIZE(array) != VARSIZE(cache->value) ||
		memcmp(array, cache->value, VARSIZE(array)) != 0)
	{
		ArrayType  *copy = MemoryContextAlloc(context, VARSIZE(array));

		memcpy(copy, array, VARSIZE(array));
		if (cache->value != NULL)
			pfree(cache->value);
		cache->value = copy;
		cache->generation++;
		cache->misses++;
	}
	else
		cache->hits++;
	if ((Pointer) array != datum)
		pfree(array);

	cache->stored_length = 0;
	if (has_stored_form(datum))
		remember_stored_form(cache, context, datum);
	if (cache->source == KLD_SOURCE_PARAM)
		remember_pointer(cache, datum, aggregate_context);
	return cache->value;
}

bool
kld_cached_array_pays(FunctionCallInfo fcinfo, int argno, MemoryContext aggregate_context,
					  kld_cached_array *cache)
{
	if (cache->source == KLD_SOURCE_UNKNOWN)
		cache->source = argument_source(fcinfo, argno, aggregate_context != NULL);
	if (cache->source == KLD_SOURCE_CONST || cache->source == KLD_SOURCE_PARAM)
		return true;
	return has_stored_form(DatumGetPointer(PG_GETARG_DATUM(argno))) &&
		(cache->misses < 8 || cache->hits >= cache->misses);
}
