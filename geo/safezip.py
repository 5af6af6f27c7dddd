"""Unpacking a zip archive with limits checked before anything is written, and while it is written.

Before a byte is extracted: the archive's own directory is measured (entry count and directory size read from
the end record, before Python's zipfile parses the whole directory), then every entry's declared size and
compression ratio, the sum of what would be unpacked, and each name (no absolute paths, no "..", no links).
While extracting: a running byte count per entry and in total, so an archive that lies about its sizes stops
at the limit instead of filling the disk. Every refusal is a German sentence naming the limit.
"""
from __future__ import annotations

import errno
import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from data.formatting import number

CHUNK = 1 << 20


class ArchiveError(Exception):
    """An archive that must not be unpacked; the message is German and meant for the user."""


@dataclass(frozen=True)
class ZipLimits:
    max_unpacked_bytes: int = 1 << 30  # 1 GiB: DE_VG250.gpkg (all of Germany) is far below
    max_ratio: float = 100.0  # unpacked / packed; geodata compresses 2- to 10-fold, zip bombs 1000-fold
    ratio_floor_bytes: int = 8 << 20  # entries smaller than this are not ratio-checked (tiny text files)
    max_entries: int = 2000
    max_directory_bytes: int = 4 << 20


def size_text(n: int) -> str:
    """German, readable: 3,0 GB · 512 MB · 800 KB · 12 Bytes."""
    if n >= 1 << 30:
        return f"{number(n / (1 << 30), 1)} GB"
    if n >= 1 << 20:
        return f"{number(n / (1 << 20), 0 if n % (1 << 20) == 0 else 1)} MB"
    if n >= 1 << 10:
        return f"{number(n / (1 << 10), 0)} KB"
    return f"{number(n)} Bytes"


def _end_record(path: Path) -> tuple[int, int]:
    """(entries, central directory size) from the end of the file, zip64 included, without zipfile."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        tail_len = min(size, 22 + 0xFFFF)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise ArchiveError("ist keine gültige ZIP-Datei (beschädigt oder unvollständig).")
        entries, cd_size = struct.unpack("<HI", tail[at + 10:at + 16])
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
            locator = tail.rfind(b"PK\x06\x07", 0, at)
            if locator < 0 or at - locator < 20:
                raise ArchiveError("ist keine gültige ZIP-Datei (beschädigt oder unvollständig).")
            (offset,) = struct.unpack("<Q", tail[locator + 8:locator + 16])
            if offset + 56 > size:
                raise ArchiveError("ist keine gültige ZIP-Datei (beschädigt oder unvollständig).")
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] != b"PK\x06\x06":
                raise ArchiveError("ist keine gültige ZIP-Datei (beschädigt oder unvollständig).")
            entries, cd_size = struct.unpack("<QQ", record[32:48])
    return entries, cd_size


def _unsafe_name(name: str) -> bool:
    if "\\" in name or "\x00" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _checked_entries(path: Path, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    try:
        entries, cd_size = _end_record(path)
    except OSError:
        raise ArchiveError("ist nicht lesbar.") from None
    if entries > limits.max_entries:
        raise ArchiveError(f"enthält {number(entries)} Einträge; erlaubt sind höchstens "
                           f"{number(limits.max_entries)}. Nichts wurde entpackt.")
    if cd_size > limits.max_directory_bytes:
        raise ArchiveError(f"hat ein Inhaltsverzeichnis von {size_text(cd_size)}; erlaubt sind höchstens "
                           f"{size_text(limits.max_directory_bytes)}. Nichts wurde entpackt.")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ArchiveError("ist keine gültige ZIP-Datei (beschädigt oder unvollständig).") from None
    if len(infos) > limits.max_entries:  # the end record may understate
        raise ArchiveError(f"enthält {number(len(infos))} Einträge; erlaubt sind höchstens "
                           f"{number(limits.max_entries)}. Nichts wurde entpackt.")
    for info in infos:
        if _unsafe_name(info.filename):
            raise ArchiveError(f"enthält einen Eintrag mit unzulässigem Pfad („{info.filename[:120]}“: außerhalb "
                               "des Zielordners). Nichts wurde entpackt.")
    return infos


def names(path: Path, limits: ZipLimits = ZipLimits()) -> list[str]:
    """Every entry name, after the checks of the archive's directory and of each name."""
    return [i.filename for i in _checked_entries(path, limits)]


def inspect(path: Path, wanted, limits: ZipLimits = ZipLimits()) -> list[zipfile.ZipInfo]:
    """The entries `wanted(name)` selects, after every check that needs no unpacking: names, links,
    encryption, each entry's compression ratio and the declared unpacked size of the whole archive.

    Raises ArchiveError (German, without the archive's name: the caller prefixes it)."""
    files = [i for i in _checked_entries(path, limits) if not i.is_dir()]
    # The whole archive must be sane, not only the entries that will be unpacked.
    for info in files:
        if _is_link(info):
            raise ArchiveError(f"enthält eine Verknüpfung („{info.filename[:120]}“) statt einer Datei. "
                               "Nichts wurde entpackt.")
        if info.flag_bits & 0x1:
            raise ArchiveError(f"ist verschlüsselt („{info.filename[:120]}“). Nichts wurde entpackt.")
        if info.file_size > limits.ratio_floor_bytes and \
                info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveError(
                f"enthält „{info.filename[:120]}“, das von {size_text(info.compress_size)} auf "
                f"{size_text(info.file_size)} anwachsen würde (mehr als das {number(limits.max_ratio)}-Fache). "
                "Das ist keine gewöhnliche Kompression; nichts wurde entpackt.")
    total = sum(i.file_size for i in files)
    if total > limits.max_unpacked_bytes:
        raise ArchiveError(f"würde entpackt {size_text(total)} belegen; erlaubt sind höchstens "
                           f"{size_text(limits.max_unpacked_bytes)}. Nichts wurde entpackt.")
    return [i for i in files if wanted(i.filename)]


def extract(path: Path, infos: list[zipfile.ZipInfo], target: Path, limits: ZipLimits = ZipLimits()) -> None:
    """Stream the chosen entries into `target`, counting bytes as they are written."""
    root = target.resolve()
    written_total = 0
    try:
        with zipfile.ZipFile(path) as z:
            for info in infos:
                out = (root / info.filename).resolve()
                if root not in out.parents:
                    raise ArchiveError(f"enthält einen Eintrag mit unzulässigem Pfad („{info.filename[:120]}“).")
                out.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with z.open(info) as src, open(out, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        written_total += len(chunk)
                        if written > info.file_size:
                            raise ArchiveError(f"ist fehlerhaft: „{info.filename[:120]}“ ist größer als angegeben "
                                               f"({size_text(info.file_size)}). Entpacken abgebrochen.")
                        if written_total > limits.max_unpacked_bytes:
                            raise ArchiveError(f"würde entpackt mehr als {size_text(limits.max_unpacked_bytes)} "
                                               "belegen (mehr als erlaubt). Entpacken abgebrochen.")
                        dst.write(chunk)
                os.chmod(out, 0o644)
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise ArchiveError("ist keine gültige ZIP-Datei (beschädigt oder unvollständig).") from None
    except OSError as exc:
        raise ArchiveError(f"ließ sich nicht entpacken ({os_reason(exc)}).") from None


def os_reason(exc: OSError) -> str:
    """A German reason for the common file-system errors (the system's own text is English)."""
    return {
        errno.ENOSPC: "kein Speicherplatz mehr frei",
        errno.EDQUOT: "Speicherkontingent erschöpft",
        errno.EACCES: "keine Berechtigung",
        errno.EPERM: "keine Berechtigung",
        errno.EROFS: "Dateisystem ist schreibgeschützt",
        errno.ENOENT: "Datei oder Ordner fehlt",
        errno.EISDIR: "ist ein Ordner",
        errno.ENAMETOOLONG: "Dateiname zu lang",
    }.get(exc.errno, "Ein-/Ausgabefehler")
