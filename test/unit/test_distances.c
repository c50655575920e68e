/*
 * test_distances.c: total variation, Hellinger and L-infinity distances on
 * small inputs with closed-form values.
 */
#include "unit.h"

#define R UNIT_REL
#define A UNIT_ABS

int
main(void)
{
	double		one_zero[] = {1, 0};
	double		zero_one[] = {0, 1};
	double		half[] = {0.5, 0.5};
	double		quarter[] = {0.25, 0.75};
	double		rquarter[] = {0.75, 0.25};
	double		asc[] = {1, 2, 3};
	double		desc[] = {3, 2, 1};
	double		asc_big[] = {100, 200, 300};
	double		one_four[] = {1, 4};
	double		four_one[] = {4, 1};
	double		point4[] = {1, 0, 0, 0};
	double		flat4[] = {1, 1, 1, 1};
	double		a[] = {1, 1, 0};
	double		b[] = {0, 1, 1};

	/* Total variation: half the L1 distance. */
	unit_is_close(TV(one_zero, zero_one, 2), 1.0, R, A, "tv([1,0],[0,1]) = 1");
	unit_is_close(TV(half, quarter, 2), 0.25, R, A, "tv([1/2,1/2],[1/4,3/4]) = 1/4");
	unit_is_close(TV(asc, desc, 3), 1.0 / 3, R, A, "tv([1,2,3],[3,2,1]) = 1/3");
	unit_is_close(TV(asc_big, desc, 3), 1.0 / 3, R, A, "tv of counts [100,200,300],[3,2,1] = 1/3");
	unit_is_close(TV(point4, flat4, 4), 0.75, R, A, "tv([1,0,0,0],[1,1,1,1]) = 3/4");
	unit_is_close(TV(a, b, 3), 0.5, R, A, "tv([1,1,0],[0,1,1]) = 1/2");
	unit_is_exact(TV(asc, asc_big, 3), 0.0, "tv of proportional counts = 0");

	/* Hellinger: H^2 = 1 - sum sqrt(p q) (the Bhattacharyya coefficient). */
	unit_is_close(HELLINGER(one_zero, zero_one, 2), 1.0, R, A, "hellinger of disjoint = 1");
	unit_is_close(HELLINGER(one_zero, half, 2), sqrt(1 - sqrt(0.5)), R, A,
				  "hellinger([1,0],[1/2,1/2]) = sqrt(1 - 1/sqrt 2)");
	unit_is_close(HELLINGER(quarter, rquarter, 2), sqrt(1 - sqrt(3.0) / 2), R, A,
				  "hellinger([1/4,3/4],[3/4,1/4]) = sqrt(1 - sqrt(3)/2)");
	unit_is_close(HELLINGER(one_four, four_one, 2), sqrt(0.2), R, A,
				  "hellinger of counts [1,4],[4,1] = sqrt(1 - 0.8)");
	unit_is_close(HELLINGER(a, b, 3), sqrt(0.5), R, A,
				  "hellinger([1,1,0],[0,1,1]) = sqrt(1 - 1/2)");
	unit_is_exact(HELLINGER(asc, asc_big, 3), 0.0, "hellinger of proportional counts = 0");

	/* L-infinity: the largest bin difference. */
	unit_is_close(LINF(one_zero, zero_one, 2), 1.0, R, A, "linf([1,0],[0,1]) = 1");
	unit_is_close(LINF(half, quarter, 2), 0.25, R, A, "linf([1/2,1/2],[1/4,3/4]) = 1/4");
	unit_is_close(LINF(asc, desc, 3), 1.0 / 3, R, A, "linf([1,2,3],[3,2,1]) = 1/3");
	unit_is_close(LINF(point4, flat4, 4), 0.75, R, A, "linf([1,0,0,0],[1,1,1,1]) = 3/4");
	unit_is_close(LINF(one_four, four_one, 2), 0.6, R, A, "linf of counts [1,4],[4,1] = 0.6");
	unit_is_exact(LINF(asc, asc_big, 3), 0.0, "linf of proportional counts = 0");

	return unit_done();
}
