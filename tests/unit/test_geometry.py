"""Geometry: presets, loops, areas, relabelling (expected values from elementary geometry)."""

import sympy as sp

from multiwell import Geometry, chain, complete, double_well, ring, square, tetrahedron, ureg


def test_presets_sizes_and_bonds():
    assert (double_well().n_wells, len(double_well().bonds)) == (2, 1)
    assert (chain(5).n_wells, len(chain(5).bonds), chain(5).loops()) == (5, 4, ())
    assert (ring(6).n_wells, len(ring(6).bonds), len(ring(6).loops())) == (6, 6, 1)
    # complete graph K_n: n(n-1)/2 bonds, (n-1)(n-2)/2 independent loops
    for n in range(2, 7):
        g = complete(n)
        assert len(g.bonds) == n * (n - 1) // 2
        assert len(g.loops()) == (n - 1) * (n - 2) // 2
    assert square().hopping_names == ("D_1", "D_2")
    assert square(nnn=False).hopping_names == ("D_1",)
    assert len(tetrahedron().loops()) == 3


def test_loop_areas_equal_polygon_areas():
    # equilateral triangle of circumradius 1: area 3*sqrt(3)/4
    (loop,) = complete(3).loops()
    assert sp.simplify(loop.area[2] - 3 * sp.sqrt(3) / 4) == 0
    # square of side 1 split by the spanning tree into three triangles of area 1/2 each
    assert sorted(abs(lp.area[2]) for lp in square().loops()) == [sp.Rational(1, 2)] * 3
    # regular n-gon of circumradius 1: (n/2) sin(2 pi / n)
    for n in (4, 5, 6, 8):
        (loop,) = ring(n).loops()
        assert abs(float(loop.area[2]) - n / 2 * float(sp.sin(2 * sp.pi / n))) < 1e-14


def test_every_loop_closes_along_bonds():
    g = complete(5)
    pairs = {(b.i, b.j) for b in g.bonds}
    for loop in g.loops():
        for a, b in loop.steps:
            assert (min(a, b), max(a, b)) in pairs


def test_hull_area_is_reference_area():
    assert square().hull_area() == 1
    assert sp.simplify(complete(3).hull_area() - 3 * sp.sqrt(3) / 4) == 0
    assert chain(4).hull_area() == 0
    # tetrahedron seen along z: the projection is the square with corners (+-1, +-1)
    assert tetrahedron().hull_area() == 4


def test_from_positions_shells_and_units():
    g = Geometry.from_positions([(0, 0), (1, 0), (1, 1), (0, 1)], cutoff=1.01)
    assert [(b.i, b.j, b.hopping) for b in g.bonds] == [(0, 1, "D_1"), (0, 3, "D_1"), (1, 2, "D_1"), (2, 3, "D_1")]
    gq = Geometry.from_positions([(0, 0), (2, 0), (1, 1)] * ureg.nm, cutoff=2.5 * ureg.nm)
    assert gq.length_unit == ureg.nm
    # bonds (0,1), (0,2), (1,2): lengths 2, sqrt2, sqrt2 nm
    assert [b.hopping for b in gq.bonds] == ["D_2", "D_1", "D_1"]


def test_relabelled_and_translated():
    g = square()
    h = g.relabelled([1, 2, 3, 0])
    assert h.positions[1] == g.positions[0]
    assert {(b.i, b.j, b.hopping) for b in h.bonds} == {
        (min(p[b.i], p[b.j]), max(p[b.i], p[b.j]), b.hopping) for b in g.bonds for p in [[1, 2, 3, 0]]
    }
    t = g.translated((3, 4))
    assert [lp.area for lp in t.loops()] == [lp.area for lp in g.loops()]  # areas are translation invariant


def test_float_positions_are_converted_exactly():
    g = Geometry([(0.5, 0.0), (0.0, 0.25)], [(0, 1)])
    assert g.positions[0][0] == sp.Rational(1, 2) and g.positions[1][1] == sp.Rational(1, 4)
