"""Encoding detection: bytes of unknown encoding to text (BOMs, UTF-16 without BOM,
UTF-8, GBK/Big5 scored on common characters, charset_normalizer as a last resort)."""

from __future__ import annotations

import codecs
import re

from index.model import LoadError

BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Very frequent characters, simplified and traditional forms; the right decoding of
# Chinese bytes hits many of them, a wrong one (GBK read as Big5 or back) very few.
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又"
    "利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果员位入常文总"
    "次品式活设及管特件长求基资边流路级少统接知较将组见计别期根论运农指区强放决被做必先回则任取据处队给"
    "保治北造规领海东导增济思术交受联认共权收证改清美再转更单打教带安场务具万每目至达示议报完类名确科张"
    "信节话空元今集传许步群广记需段研界律究观织装影持众书复容须际商非验连断深难近周委素技备办省列习响约"
    "支感劳便团往历市何除构府称准值号率族维划选标写存效院查型按格养置层始专状育识适属调满县局照参细引该价严"
)
_COMMON_TRADITIONAL = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說"
    "產種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二理起小物現實加量都兩體製機當使點"
    "從業本去把性好應開它合還因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反明看原又"
    "利比或但質氣第向道命此變條只沒結解問意建月公無系軍很情者最立代想已通並提直題黨程展五果員位入常文總"
    "次品式活設及管特件長求基資邊流路級少統接知較將組見計別期根論運農指區強放決被做必先回則任取據處隊給"
    "保治北造規領海東導增濟思術交受聯認共權收證改清美再轉更單打教帶安場務具萬每目至達示議報完類名確科張"
    "信節話空元今集傳許步群廣記需段研界律究觀織裝影持眾書復容須際商非驗連斷深難近周委素技備辦省列習響約"
    "支感勞便團往歷市何除構府稱準值號率族維劃選標寫存效院查型按格養置層始專狀育識適屬調滿縣局照參細引該價嚴"
)
_COMMON = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL + "，。、：；？！「」『』（）《》“”")
# What a wrong guess tends to produce: private-use characters and Japanese kana.
_UNLIKELY = re.compile(r"[\ue000-\uf8ff\u3040-\u30ff]")
# Each family: codecs tried in order on the whole file (the last, widest one scores the
# sample). Ties go to the first family: strict UTF-8 has already failed by then.
_FAMILIES = [["gbk", "gb18030"], ["utf-8"], ["big5", "cp950", "big5hkscs"]]
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # keeps \t \n \v \f \r and ESC (coloured logs)
_SAMPLE = 128 * 1024


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding). Raises LoadError for binary data."""
    text, enc = _decode_raw(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    check_textlike(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, enc


def _decode_raw(data: bytes) -> tuple[str, str]:
    for bom, enc in BOMS:
        if data.startswith(bom):
            return _decode_units(memoryview(data)[len(bom):], enc), enc
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is not None:
            return _decode_units(data, wide), wide
        if data.count(0) * 2000 > len(data):
            raise LoadError("binary file, not text")
        data = data.replace(b"\x00", b"")  # a few stray NULs in a text file: drop them
    try:
        return decode_bytes(data, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: score each family on a sample starting at the first non-ASCII byte
    # (hits on common characters, minus decoding errors); decode the file with the winner.
    first = _HIGH_BYTE.search(data)
    sample = data[first.start() : first.start() + _SAMPLE] if first else data[:_SAMPLE]
    best = best_family(sample, _FAMILIES)
    mixed = decode_mixed(data)
    if mixed is not None:
        return mixed
    for name in best:
        try:
            return decode_bytes(data, name), name
        except UnicodeDecodeError:
            continue
    # Mostly right with a few bad bytes: accept with replacement characters, unless it
    # is mostly noise; then ask charset_normalizer (other legacy encodings).
    text = decode_bytes(data, best[-1], "replace")
    if text.count("\ufffd") <= len(text) * 0.01:
        return text, best[-1]
    guessed = _charset_normalizer_guess(data)
    if guessed:
        return guessed
    raise LoadError("binary file, not text")


_CHUNK = 4 * 2**20


def decode_bytes(data, encoding: str, errors: str = "strict") -> str:
    """bytes.decode, in chunks for a large input: CPython's decoder sizes its buffer for
    the worst case (a 150 MB file of Chinese held 300 MB while decoding); the chunks add up
    to the text's own size. Raises UnicodeDecodeError as bytes.decode does."""
    if len(data) <= 2 * _CHUNK:
        return bytes(data).decode(encoding, errors) if isinstance(data, memoryview) \
            else data.decode(encoding, errors)
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    view = memoryview(data)
    parts = [decoder.decode(view[i:i + _CHUNK]) for i in range(0, len(view), _CHUNK)]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def best_family(sample: bytes, families: list[list[str]]) -> list[str]:
    """The codec family whose decoding of sample hits most common characters (minus
    unlikely ones and decoding errors); ties go to the first."""
    best, best_score = families[0], None
    for codec_names in families:
        s = sample.decode(codec_names[-1], errors="replace")
        score = sum(c in _COMMON for c in s) - len(_UNLIKELY.findall(s)) - 5 * s.count("\ufffd")
        if best_score is None or score > best_score:
            best, best_score = codec_names, score
    return best


def _decode_units(body: bytes | memoryview, enc: str) -> str:
    """Decode UTF-16/32 (or BOM'd UTF-8), tolerating a truncated last code unit."""
    try:
        return decode_bytes(body, enc)
    except UnicodeDecodeError:
        return decode_bytes(body, enc, "replace")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-range characters put NULs on one side only."""
    sample = data[: _SAMPLE & ~1]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    enough = max(2, len(sample) // 400)
    # Characters like 一 (U+4E00) put some NULs on the other side too.
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= enough and nuls >= 3 * other:
            try:
                data[: len(data) & ~1].decode(enc)  # no BOM: insist on clean decoding
                return enc
            except UnicodeDecodeError:
                return None
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data[: 4 * _SAMPLE]).best()
        if match is None or match.encoding is None:
            return None
        return data.decode(match.encoding, errors="replace"), match.encoding
    except Exception:  # noqa: BLE001 — charset-normalizer on arbitrary bytes: any failure is no guess
        return None


def check_textlike(text: str) -> None:
    sample = text[:_SAMPLE]
    if not sample:
        return
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if bad > len(sample) * 0.02:
        raise LoadError("binary file, not text")


def decode_mixed(data: bytes) -> tuple[str, str] | None:
    """A file joining UTF-8 and legacy-encoded parts (files concatenated, a log written by
    two programs): decode each line as UTF-8 if it is, else with the family's codecs, so
    that what is text is kept. None when no non-ASCII line is UTF-8 (not mixed)."""
    lines = data.split(b"\n")
    utf8 = [False] * len(lines)
    for n, line in enumerate(lines):
        if _HIGH_BYTE.search(line):
            try:
                line.decode("utf-8")
                utf8[n] = True
            except UnicodeDecodeError:
                pass
    if not any(utf8):
        return None
    legacy = b"\n".join(line for n, line in enumerate(lines)
                        if not utf8[n] and _HIGH_BYTE.search(line))[:_SAMPLE]
    family = best_family(legacy, [f for f in _FAMILIES if f != ["utf-8"]])
    out, legacy_lines = [], 0
    for n, line in enumerate(lines):
        if utf8[n] or not _HIGH_BYTE.search(line):
            out.append(line.decode("utf-8"))
            continue
        damaged = line.decode("utf-8", errors="replace")
        bad = damaged.count("\ufffd")
        if bad <= 1 or bad * 50 <= len(_HIGH_BYTE.findall(line)):
            out.append(damaged)  # UTF-8 with a bad byte or two (a cut character)
            continue
        legacy_lines += 1
        for name in family:
            try:
                out.append(line.decode(name))
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append(line.decode(family[-1], errors="replace"))
    return "\n".join(out), f"utf-8+{family[0]}" if legacy_lines else "utf-8"
