"""Geometries from files: structure files through ASE (skipped without it), TOML files (no extra), bad files.

Expected values come from another route: loop areas and bond lengths of the shapes written into the
files, by hand; the Aharonov-Bohm phase :math:`\\phi_B = eBS/\\hbar` from the exact SI constants
(:math:`e`, :math:`h`) typed here; levels from ``numpy.linalg.eigvalsh`` of a Peierls matrix built by
hand, or from a hand-diagonalised symmetric block.
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from multiwell import (
    Q_,
    Geometry,
    GeometryError,
    ParameterError,
    eigenvalues,
    energies_from_file,
    hamiltonian,
    symmetries,
    triangular_patch,
)

E_CHARGE = 1.602176634e-19  # C, exact (SI 2019)
HBAR = 6.62607015e-34 / (2 * math.pi)  # J s, from the exact Planck constant
D_0, D_1 = sp.symbols("D_0 D_1", positive=True)


def xyz(path, points, comment="wells"):
    lines = [str(len(points)), comment] + ["H " + " ".join(f"{c:.10g}" for c in p) for p in points]
    path.write_text("\n".join(lines) + "\n")
    return path


SQUARE = [(0, 0, 0), (2.5, 0, 0), (2.5, 2.5, 0), (0, 2.5, 0)]  # side 2.5 angstrom, tidy decimals


# -- structure files (ASE) ---------------------------------------------------------------------------------
def test_xyz_square_in_a_field_gives_the_ring_levels(tmp_path):
    pytest.importorskip("ase")
    g = Geometry.from_file(xyz(tmp_path / "square.xyz", SQUARE))
    assert g.n_wells == 4 and g.length_unit == Q_(1, "angstrom").units and g.name == "square.xyz"
    assert [(b.i, b.j) for b in g.bonds] == [(0, 1), (0, 3), (1, 2), (2, 3)]  # nearest neighbours: the sides
    (loop,) = g.loops()
    assert [float(abs(c)) for c in loop.area] == [0, 0, 6.25]  # side 2.5: binary-exact numbers, exact area
    H = hamiltonian(g, flux=Q_(2, "T"), energies=[0] * 4)
    phi_B = E_CHARGE * 2.0 * (2.5e-10) ** 2 / HBAR  # e B S / hbar, S = a^2 (hand)
    (value,) = H.values.values()
    assert value == pytest.approx(phi_B, rel=1e-12)  # both from exact SI constants: rounding only
    # a ring of four with flux phi: 2 D_0 cos((phi + 2 pi k)/4) (hand), at a field large enough to split
    big = {**{s: 0.0 for s in H.energies if isinstance(s, sp.Symbol)}, D_0: 1.0}
    levels = sorted(float(ev.subs({D_0: 1.0, next(iter(H.values)): 1.3})) for ev in eigenvalues(H))
    expected = sorted(2 * math.cos((1.3 + 2 * math.pi * k) / 4) for k in range(4))
    np.testing.assert_allclose(levels, expected, rtol=0, atol=1e-14)  # closed forms vs cosines: a few ulp
    assert big  # the energies are numbers here, so nothing else is left to substitute


def test_cutoff_names_hoppings_by_distance_shell(tmp_path):
    pytest.importorskip("ase")
    path = xyz(tmp_path / "square.xyz", SQUARE)
    g = Geometry.from_file(path, cutoff=3.6)  # side 2.5, diagonal 3.54
    assert {(b.i, b.j): b.hopping for b in g.bonds} == {
        (0, 1): "D_1", (1, 2): "D_1", (2, 3): "D_1", (0, 3): "D_1", (0, 2): "D_2", (1, 3): "D_2"}
    assert Geometry.from_file(path, cutoff=Q_(0.36, "nm")).bonds == g.bonds  # a pint cutoff, converted
    renamed = Geometry.from_file(path, cutoff=3.6, hopping=("t", "u"))
    assert renamed.hopping_names == ("t", "u")
    assert Geometry.from_file(path, bonds="nearest", hopping="t").hopping_names == ("t",)


def test_length_unit_scales_the_field_phase_by_the_area(tmp_path):
    pytest.importorskip("ase")
    path = xyz(tmp_path / "square.xyz", SQUARE)
    in_angstrom = hamiltonian(Geometry.from_file(path), flux=Q_(1, "T")).values
    in_nm = hamiltonian(Geometry.from_file(path, length_unit="nm"), flux=Q_(1, "T")).values
    # the same numbers read in nm enclose 100 times the area (1 nm^2 = 100 A^2)
    (nm,), (angstrom,) = in_nm.values(), in_angstrom.values()
    assert nm / angstrom == pytest.approx(100, rel=1e-12)


def test_cif_and_poscar_round_trip_through_ase(tmp_path):
    pytest.importorskip("ase")
    import ase
    import ase.io

    # an equilateral triangle of side 3 in a large cell: written by ASE, read back as wells
    h = 3 * math.sqrt(3) / 2
    atoms = ase.Atoms("Li3", positions=[(1, 1, 5), (4, 1, 5), (2.5, 1 + h, 5)], cell=[10, 10, 10], pbc=True)
    for name, fmt in (("tri.cif", "cif"), ("POSCAR", "vasp")):
        path = tmp_path / name
        ase.io.write(path, atoms, format=fmt)
        g = Geometry.from_file(path)
        assert g.n_wells == 3 and len(g.bonds) == 3 and g.length_unit == Q_(1, "angstrom").units
        (loop,) = g.loops()
        area = math.sqrt(sum(float(c) ** 2 for c in loop.area))
        assert area == pytest.approx(math.sqrt(3) / 4 * 9, rel=1e-5)  # sqrt(3)/4 a^2; files keep ~6 digits


def test_from_ase_bonds_the_atoms(tmp_path):
    ase = pytest.importorskip("ase")
    atoms = ase.Atoms("H4", positions=SQUARE)
    g = Geometry.from_ase(atoms, cutoff=3.0)
    assert len(g.bonds) == 4 and g.name == "H4"
    assert Geometry.from_ase(atoms, length_unit="nm").length_unit == Q_(1, "nm").units


@given(angles=st.tuples(*[st.floats(-math.pi, math.pi)] * 3),
       shift=st.tuples(*[st.floats(-50, 50)] * 3))
def test_rotated_and_shifted_files_give_the_same_bonds_areas_and_levels(tmp_path_factory, angles, shift):
    """A rigid motion of the coordinates changes neither the bond graph, the loop areas nor the spectrum."""
    pytest.importorskip("ase")
    a, b, c = angles
    Rz = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    Ry = np.array([[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]])
    Rx = np.array([[1, 0, 0], [0, math.cos(c), -math.sin(c)], [0, math.sin(c), math.cos(c)]])
    # a kite: a square with one diagonal, so two triangular loops of area 25/8 each
    base = np.array(SQUARE, dtype=float)
    moved = base @ (Rz @ Ry @ Rx).T + np.array(shift)
    folder = tmp_path_factory.mktemp("rigid")
    g0 = Geometry.from_file(xyz(folder / "a.xyz", base), cutoff=3.6)
    g1 = Geometry.from_file(xyz(folder / "b.xyz", moved), cutoff=3.6)
    assert g0.bonds == g1.bonds
    norms = [sorted(math.sqrt(sum(float(x) ** 2 for x in lp.area)) for lp in g.loops()) for g in (g0, g1)]
    np.testing.assert_allclose(norms[1], norms[0], rtol=1e-7)  # the file keeps 10 digits of each coordinate
    values = {sp.Symbol(f"E_{k}", real=True): e for k, e in zip(range(1, 5), (0.1, -0.2, 0.3, 0.0), strict=True)}
    values.update({sp.Symbol("D_1", positive=True): 1.0, sp.Symbol("D_2", positive=True): 0.4})
    np.testing.assert_allclose(hamiltonian(g1).eigvalsh(values), hamiltonian(g0).eigvalsh(values),
                               rtol=0, atol=1e-14)  # the same matrix: the hoppings do not see the motion


def test_without_ase_a_structure_file_names_the_extra(tmp_path, monkeypatch):
    path = xyz(tmp_path / "square.xyz", SQUARE)
    monkeypatch.setitem(sys.modules, "ase", None)  # import ase now raises ImportError
    monkeypatch.setitem(sys.modules, "ase.io", None)
    with pytest.raises(ImportError, match=r"multiwell\[structures\]"):
        Geometry.from_file(path)


# -- TOML geometry files (no extra) ----------------------------------------------------------------------------
CENTRED_TRIANGLE = """
name = "centred triangle"
unit = "nm"

[[wells]]
label = "c"
position = [0, 0]
energy = "E_c"

[[wells]]
position = [1, 0]
energy = "E_a"

[[wells]]
position = [-0.5, 0.75]
energy = "E_a"

[[wells]]
position = [-0.5, -0.75]
energy = "E_a"

[[bonds]]
wells = ["c", "2"]
hopping = "D_1"

[[bonds]]
wells = ["c", 2]
hopping = "D_1"

[[bonds]]
wells = [0, 3]
hopping = "D_1"
"""


def toml(tmp_path, text, name="cluster.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_toml_reads_without_ase(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ase", None)  # the TOML reader must not need ASE
    # unlabelled wells are named by position, 1-based: the wells after "c" are "2", "3", "4"
    path = toml(tmp_path, CENTRED_TRIANGLE + """
[[bonds]]
wells = [1, 2]

[[bonds]]
wells = [2, 3]

[[bonds]]
wells = ["4", "2"]
""")
    g = Geometry.from_file(path)
    assert g.name == "centred triangle" and g.labels == ("c", "2", "3", "4") and g.length_unit == Q_(1, "nm").units
    assert [float(c) for c in g.positions[2]] == [-0.5, 0.75]  # decimals as typed (binary-exact here)
    assert {(b.i, b.j): b.hopping for b in g.bonds} == {
        (0, 1): "D_1", (0, 2): "D_1", (0, 3): "D_1", (1, 2): "D_0", (2, 3): "D_0", (1, 3): "D_0"}
    E_a, E_c = sp.symbols("E_a E_c", real=True)
    assert energies_from_file(path) == (E_c, E_a, E_a, E_a)
    H = hamiltonian(g, energies=energies_from_file(path))
    # outer wells at distances 1, 0.90, 0.90 from the centre (not equilateral): only the mirror y -> -y is left
    assert len(symmetries(H)) == 2


def test_toml_equilateral_cluster_levels_by_hand(tmp_path):
    """A centred triangle with shared energy names: the C3v symmetry and the levels of its A1 block."""
    h = 0.8660254037844386  # sqrt(3)/2 as typed by a user: a float, converted exactly as written
    text = f"""
unit = "angstrom"
wells = [{{position = [0, 0], energy = 0}}, {{position = [1, 0], energy = 0}},
         {{position = [-0.5, {h}], energy = 0}}, {{position = [-0.5, {-h}], energy = 0}}]
bonds = [[0, 1, "D_1"], [0, 2, "D_1"], [0, 3, "D_1"], [1, 2], [2, 3], [1, 3]]
"""
    g = Geometry.from_file(toml(tmp_path, text))
    H = hamiltonian(g, energies=energies_from_file(tmp_path / "cluster.toml"))
    values = {D_0: 0.7, D_1: 1.1}
    # symmetric combination of the outer wells couples to the centre: [[2 D_0, sqrt(3) D_1], [sqrt(3) D_1, 0]]
    # gives D_0 -+ sqrt(D_0^2 + 3 D_1^2); the two E-type combinations stay at -D_0 (hand)
    d0, d1 = 0.7, 1.1
    expected = sorted([d0 - math.sqrt(d0**2 + 3 * d1**2), d0 + math.sqrt(d0**2 + 3 * d1**2), -d0, -d0])
    np.testing.assert_allclose(H.eigvalsh(values), expected, rtol=0, atol=1e-14)  # LAPACK, ||H|| ~ 2.6
    levels = sorted(float(ev.subs(values)) for ev in eigenvalues(H))
    np.testing.assert_allclose(levels, expected, rtol=0, atol=1e-14)


def test_toml_without_bonds_takes_a_cutoff(tmp_path):
    text = 'wells = [{position = [0, 0]}, {position = [1, 0]}, {position = [1, 1]}, {position = [0, 1]}]\n'
    path = toml(tmp_path, text)
    assert len(Geometry.from_file(path).bonds) == 4  # nearest neighbours: the sides
    assert len(Geometry.from_file(path, cutoff=1.5).bonds) == 6  # and the diagonals
    assert Geometry.from_file(path).length_unit is None  # no unit key: dimensionless positions
    assert Geometry.from_file(path, length_unit="nm").length_unit == Q_(1, "nm").units
    assert energies_from_file(path) is None


# -- the triangular patch ----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_triangular_patch_counts_lengths_and_areas(n):
    g = triangular_patch(n)
    assert g.n_wells == n * (n + 1) // 2 and len(g.bonds) == 3 * n * (n - 1) // 2
    pairs = [(g.positions[bd.i], g.positions[bd.j]) for bd in g.bonds]
    lengths = {sp.sqrt(sp.expand(sum((a - b) ** 2 for a, b in zip(p, q, strict=True)))) for p, q in pairs}
    assert lengths == {1}  # unit spacing, exactly
    loops = g.loops()
    assert len(loops) == (n - 1) ** 2  # Euler: bonds - wells + 1
    total = sum(abs(lp.area[2]) for lp in loops)
    # the fundamental loops are unions of elementary triangles of area sqrt(3)/4; the hull has (n-1)^2 of them
    assert sp.radsimp(g.hull_area() - sp.sqrt(3) / 4 * (n - 1) ** 2) == 0
    assert all(sp.radsimp(abs(lp.area[2]) / (sp.sqrt(3) / 4)).is_Integer for lp in loops) and total > 0
    centroid = [sum(p[k] for p in g.positions) for k in range(2)]
    assert [sp.radsimp(c) for c in centroid] == [0, 0]


def test_triangular_patch_flux_per_elementary_triangle():
    """Gauge invariance: the phases around each elementary triangle add up to its share of the flux."""
    phi = sp.Symbol("phi", real=True)
    g = triangular_patch(3)
    H = hamiltonian(g, flux=phi).matrix
    triangles = [(0, 1, 2), (1, 3, 4), (2, 4, 5), (1, 4, 2)]  # three up, one down (wells by rows)
    for a, b, c in triangles:
        product = H[a, b] * H[b, c] * H[c, a] / D_0**3
        area = g.vector_area((a, b, c))[2]
        assert sp.simplify(product - sp.exp(sp.I * phi * area / g.hull_area())) == 0
        assert sp.radsimp(abs(area) - sp.sqrt(3) / 4) == 0


# -- bad input: each error names the file and the key or option ------------------------------------------------
def _bad_toml(body):
    return lambda tmp: Geometry.from_file(toml(tmp, body))


TWO_WELLS = 'wells = [{position = [0, 0]}, {position = [1, 0]}]\n'

BAD_TOML = [
    ("not-toml", _bad_toml("wells = [\n"), GeometryError, "not valid TOML"),
    ("unknown-key", _bad_toml(TWO_WELLS + "bond = [[0, 1]]\n"), GeometryError, "unknown key 'bond'"),
    ("no-wells", _bad_toml('unit = "nm"\n'), GeometryError, "wells: expected a list of tables"),
    ("well-without-position", _bad_toml("wells = [{label = 'a'}]\n"), GeometryError,
     r"wells\[0\]: expected a position"),
    ("position-expression", _bad_toml("wells = [{position = ['sqrt(3)', 0]}, {position = [1, 0]}]\n"),
     GeometryError, r"wells\[0\].position: expected 1 to 3 numbers"),
    ("mixed-dimensions", _bad_toml("wells = [{position = [0, 0]}, {position = [1, 0, 0]}]\nbonds = [[0, 1]]\n"),
     GeometryError, "same number of coordinates"),
    ("unknown-unit", _bad_toml('unit = "bananas"\n' + TWO_WELLS), GeometryError, "unit: unknown unit 'bananas'"),
    ("unit-not-a-length", _bad_toml('unit = "eV"\n' + TWO_WELLS), GeometryError, "unit: expected a length unit"),
    ("unknown-well", _bad_toml(TWO_WELLS + "bonds = [[0, 'x']]\n"), GeometryError, r"bonds\[0\]: unknown well 'x'"),
    ("bad-hopping", _bad_toml(TWO_WELLS + "bonds = [[0, 1, 'D 1']]\n"), GeometryError, r"bonds\[0\]: hopping"),
    ("bond-shape", _bad_toml(TWO_WELLS + "bonds = [[0, 1, 'D_1', 4]]\n"), GeometryError, r"bonds\[0\]: expected"),
    ("energy-expression", lambda tmp: energies_from_file(toml(
        tmp, "wells = [{position = [0, 0], energy = '2*E'}, {position = [1, 0]}]\nbonds = [[0, 1]]\n")),
     GeometryError, r"wells\[0\].energy: expected a number or the name"),
    ("self-bond", _bad_toml(TWO_WELLS + "bonds = [[1, 1]]\n"), GeometryError,
     r"cluster.toml: bonds\[0\]: the bond joins well 1 to itself"),
    ("disconnected", _bad_toml(
        "wells = [{position = [0, 0]}, {position = [1, 0]}, {position = [5, 0]}, {position = [6, 0]}]\n"
        "bonds = [[0, 1], [2, 3]]\n"), GeometryError, "2 separate groups"),
    ("collinear-loop", _bad_toml(
        "wells = [{position = [0, 0]}, {position = [1, 0]}, {position = [2, 0]}]\nbonds = [[0, 1], [1, 2], [0, 2]]\n"),
     GeometryError, r"bond \(0, 2\) \(as listed\) passes through well 1"),
    ("cutoff-with-listed-bonds",
     lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS + "bonds = [[0, 1]]\n"), cutoff=2), ParameterError,
     "cutoff: .* lists its own bonds"),
    ("contradicting-unit", lambda tmp: Geometry.from_file(toml(tmp, 'unit = "nm"\n' + TWO_WELLS), length_unit="pm"),
     ParameterError, "length_unit: .* gives its positions in 'nm'"),
    ("format-for-toml", lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS), format="xyz"), ParameterError, "format:"),
    ("missing-file", lambda tmp: Geometry.from_file(tmp / "nowhere.toml"), GeometryError, "path: no such file"),
    ("path-not-a-path", lambda tmp: Geometry.from_file(3), ParameterError, "path: expected a file path"),
    ("cutoff-too-small", lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS), cutoff=0.5),
     GeometryError, r"cutoff: cutoff 0.5 gives no bonds .* 1 apart"),
    ("cutoff-string", lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS), cutoff="1"), ParameterError, "cutoff"),
    ("cutoff-and-nearest", lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS), cutoff=1, bonds="nearest"),
     ParameterError, "give one of cutoff"),
    ("bonds-not-nearest", lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS), bonds="all"), ParameterError,
     "bonds: expected 'nearest'"),
    ("too-few-hopping-names", lambda tmp: Geometry.from_file(toml(
        tmp, TWO_WELLS.replace("]\n", ", {position = [3, 0]}]\n")), cutoff=3, hopping=["t"]),
     ParameterError, "hopping: the bonds fall in 3 distance shells"),
    ("one-well", _bad_toml("wells = [{position = [0, 0]}]\n"), GeometryError, "at least two wells"),
    ("pint-cutoff-dimensionless", lambda tmp: Geometry.from_file(toml(tmp, TWO_WELLS), cutoff=Q_(1, "nm")),
     GeometryError, "cutoff: a pint length needs positions with a unit"),
]


@pytest.mark.parametrize(("make", "error", "message"), [c[1:] for c in BAD_TOML], ids=[c[0] for c in BAD_TOML])
def test_bad_toml_input_is_named(tmp_path, make, error, message):
    with pytest.raises(error, match=message):
        make(tmp_path)


def test_bad_structure_files_are_named(tmp_path):
    pytest.importorskip("ase")
    bad = tmp_path / "bad.xyz"
    bad.write_text("garbage\n\nH 0 0\n")
    with pytest.raises(GeometryError, match=r"path: ASE could not read .*bad.xyz"):
        Geometry.from_file(bad)
    line = xyz(tmp_path / "line.xyz", [(0, 0, 0), (1, 0, 0), (2, 0, 0)])
    with pytest.raises(GeometryError, match=r"line.xyz', the bond \(0, 2\) \(cutoff 2.1 Å\) passes through well 1"):
        Geometry.from_file(line, cutoff=2.1)
    apart = xyz(tmp_path / "apart.xyz", [(0, 0, 0), (1, 0, 0), (5, 0, 0), (5, 1, 0)])
    with pytest.raises(GeometryError, match=r"2 separate groups .* a cutoff of at least 4 Å joins them"):
        Geometry.from_file(apart)
    two = tmp_path / "two.xyz"
    two.write_text((xyz(tmp_path / "one.xyz", SQUARE).read_text()) * 2)
    with pytest.raises(GeometryError, match=r"frame: .* holds 2 structures"):
        Geometry.from_file(two)
    assert Geometry.from_file(two, frame=1).n_wells == 4
    with pytest.raises(ParameterError, match="frame: expected an integer index"):
        Geometry.from_file(two, frame=2)
    with pytest.raises(ParameterError, match="length_unit: unknown unit 'bananas'"):
        Geometry.from_file(line, length_unit="bananas")
    with pytest.raises(ParameterError, match=r"atoms: expected an ase\.Atoms"):
        Geometry.from_ase([(0, 0, 0), (1, 0, 0)])


@pytest.mark.parametrize("n", [1, 2.5, True, "3"])
def test_triangular_patch_refuses_bad_n(n):
    with pytest.raises(GeometryError, match="n: expected an integer >= 2"):
        triangular_patch(n)
