"""Declarative schemas of the content files (the keys staff write, in Indonesian).

Every scalar arrives as text (see yamltext); these types convert and check it. Field names are
the YAML keys, which follow the labels printed on the official forms.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

UNITS = ("Menit", "Jam", "Hari", "Minggu", "Bulan")


def _parse_tanggal(value: object) -> object:
    if not isinstance(value, str):
        return value
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("tanggal harus ditulis TTTT-BB-HH, misalnya 2023-07-26")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("tanggal ini tidak ada di kalender") from None


def _parse_nip(value: object) -> object:
    if not isinstance(value, str):
        return value
    digits = value.replace(" ", "")
    if not digits.isdigit() or len(digits) != 18:
        raise ValueError(f"NIP harus 18 angka (ditemukan {len(digits)} karakter)")
    try:
        dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValueError("angka 1-8 NIP harus tanggal lahir TTTTBBHH yang ada") from None
    if not 1 <= int(digits[12:14]) <= 12:
        raise ValueError("angka 9-14 NIP harus tahun dan bulan pengangkatan TTTTBB")
    if int(digits[8:12]) <= int(digits[0:4]):
        raise ValueError("tahun pengangkatan pada NIP (angka 9-12) harus setelah tahun lahir")
    if digits[14] not in "12":
        raise ValueError("angka ke-15 NIP (jenis kelamin) harus 1 atau 2")
    return digits


class Waktu(BaseModel):
    """A duration such as `10 Menit` or `1,5 Jam`."""

    model_config = ConfigDict(frozen=True)
    jumlah: Decimal
    satuan: str

    def __str__(self) -> str:
        jumlah = format(self.jumlah.normalize(), "f").replace(".", ",")
        return f"{jumlah} {self.satuan}"


def _parse_waktu(value: object) -> object:
    if not isinstance(value, str):
        return value
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s+([A-Za-z]+)\s*", value)
    units = {u.lower(): u for u in UNITS}
    if not m or m.group(2).lower() not in units:
        raise ValueError(
            "waktu harus berupa angka dan satuan (" + ", ".join(UNITS) + "), misalnya 2 Jam"
        )
    try:
        jumlah = Decimal(m.group(1).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise ValueError("jumlah waktu bukan angka") from None
    if jumlah <= 0:
        raise ValueError("jumlah waktu harus lebih dari 0")
    return Waktu(jumlah=jumlah, satuan=units[m.group(2).lower()])


def _parse_ya(value: object) -> object:
    if not isinstance(value, str):
        return value
    answer = {"ya": True, "tidak": False}.get(value.strip().lower())
    if answer is None:
        raise ValueError('harus "ya" atau "tidak"')
    return answer


Tanggal = Annotated[dt.date, BeforeValidator(_parse_tanggal)]
YaTidak = Annotated[bool, BeforeValidator(_parse_ya)]
Nip = Annotated[str, BeforeValidator(_parse_nip)]
Teks = Annotated[str, Field(min_length=1)]
WaktuField = Annotated[Waktu, BeforeValidator(_parse_waktu)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PengaturanLaporan(Strict):
    rumus_negatif: Literal["2t_minus_r", "t_per_r"] = "2t_minus_r"
    batas_capaian: Decimal | None = Decimal(100)
    # Who evaluates the Renja table (its "Dievaluasi" block): a role in pejabat.yaml. Absent
    # from it, the block keeps blank lines for the name and NIP.
    pengevaluasi: Teks = "kepala_bappeda"


class PengaturanTte(Strict):
    # PEM files (relative to content/) whose certificates `verify` trusts besides the shipped
    # Root CA Indonesia DS G1: an office's own CA.
    jangkar: list[Teks] = []
    # The line BSrE asks documents signed with its certificates to print; BSrE has changed it.
    catatan_kaki: Teks | None = None


class Kantor(Strict):
    pemerintah: Teks
    nama: Teks
    alamat: Teks
    kode_pos: Annotated[str, Field(pattern=r"^\d{5}$")]
    email: str | None = None
    instagram: str | None = None
    facebook: str | None = None
    logo: Teks
    tempat: Teks
    kertas: Literal["F4", "A4"] = "F4"
    situs: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/\S*)?$")] | None = None
    laporan: PengaturanLaporan = PengaturanLaporan()
    tte: PengaturanTte = PengaturanTte()


class Masa(Strict):
    nama: Teks
    nip: Nip
    pangkat: str | None = None
    mulai: Tanggal
    selesai: Tanggal | None = None

    @field_validator("selesai")
    @classmethod
    def _after_start(cls, value: dt.date | None, info) -> dt.date | None:  # noqa: ANN001
        mulai = info.data.get("mulai")
        if value is not None and mulai is not None and value < mulai:
            raise ValueError("tanggal selesai tidak boleh sebelum tanggal mulai")
        return value


class Jabatan(Strict):
    jabatan: Teks
    masa: Annotated[list[Masa], Field(min_length=1)]


class Regulasi(Strict):
    jenis: Teks
    nomor: Teks
    tahun: Annotated[int, Field(ge=1945, le=2100)]
    tentang: Teks
    dicabut_oleh: str | None = None

    @property
    def kutipan(self) -> str:
        return f"{self.jenis} Nomor {self.nomor} Tahun {self.tahun} tentang {self.tentang}"


class TautanSop(Strict):
    sop: Teks


# A decision: branch label -> target (step number or step id), 1 to 4 branches as written;
# `{tidak: 4}` alone means Ya goes to the next step. The flow checks count the branches.
Keputusan = Annotated[dict[Teks, Teks], Field(min_length=1, max_length=4)]


class Kegiatan(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")] | None = None
    uraian: Teks
    pelaksana: Teks | Annotated[list[Teks], Field(min_length=1)]
    kelengkapan: str = ""
    waktu: WaktuField
    output: str = ""
    keterangan: str = ""
    keputusan: Keputusan | None = None
    lanjut: str | None = None
    mulai: YaTidak = False  # `mulai: ya`: another start terminator (parallel starts)
    selesai: YaTidak = False  # `selesai: ya`: another end terminator

    @property
    def aktor(self) -> list[str]:
        return [self.pelaksana] if isinstance(self.pelaksana, str) else list(self.pelaksana)


class Sop(Strict):
    nomor: Teks
    nama: Teks
    status: Literal["final", "draf"] = "final"
    tanggal_pembuatan: Tanggal
    tanggal_revisi: Tanggal | None = None
    tanggal_efektif: Tanggal
    disahkan_oleh: Teks
    dasar_hukum: list[Teks]
    kualifikasi_pelaksana: list[Teks]
    keterkaitan: list[Teks | TautanSop]
    peralatan: list[Teks]
    peringatan: Teks | list[Teks]
    pencatatan: list[Teks]
    pelaksana: Annotated[list[Teks], Field(min_length=1, max_length=8)]
    kegiatan: Annotated[list[Kegiatan], Field(min_length=1, max_length=60)]

    @property
    def daftar_peringatan(self) -> list[str]:
        return [self.peringatan] if isinstance(self.peringatan, str) else list(self.peringatan)


Angka = Annotated[Decimal, Field(allow_inf_nan=False)]


class Indikator(Strict):
    indikator: Teks
    satuan: Teks
    target: Angka
    realisasi: list[Angka]
    polaritas: Literal["positif", "negatif"]
    agregasi: Literal["kumulatif", "posisi_akhir", "rata_rata"]
    # Columns (5) and (6) of the Permendagri 86/2017 Renja evaluation table; optional.
    target_renstra: Angka | None = None
    realisasi_sd_tahun_lalu: Angka | None = None


class Sasaran(Strict):
    sasaran: Teks
    indikator: Annotated[list[Indikator], Field(min_length=1)]


Rupiah = Annotated[Decimal, Field(allow_inf_nan=False, ge=0)]


class MataAnggaran(Strict):
    program: Teks
    kegiatan: Teks
    sub_kegiatan: Teks
    pagu: Rupiah
    realisasi: list[Rupiah]
    pagu_renstra: Rupiah | None = None  # columns (5) and (6) in rupiah; optional
    realisasi_sd_tahun_lalu: Rupiah | None = None


class Laporan(Strict):
    judul: str | None = None
    status: Literal["final", "draf"] = "final"
    tahun: Annotated[int, Field(ge=2000, le=2100)]
    triwulan: Annotated[int, Field(ge=1, le=4)]
    tanggal: Tanggal
    penandatangan: Teks
    sasaran: Annotated[list[Sasaran], Field(min_length=1)]
    anggaran: list[MataAnggaran] = []
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""
    tindak_lanjut_renja: str = ""  # for the next Renja (Permendagri 86/2017 table); optional
    tahun_akhir_renstra: Annotated[int, Field(ge=2000, le=2100)] | None = None
