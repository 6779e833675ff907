"""Settings: the TOML file, the environment over it, and clear messages for mistakes."""

from __future__ import annotations

import pytest

from intake_bot.config import ConfigError, load_settings, write_pin_hash
from intake_bot.pin import PinGuard, hash_pin


def test_no_file_means_defaults(tmp_path, monkeypatch):
    monkeypatch.setattr("intake_bot.config.default_config_path", lambda: tmp_path / "none.toml")
    kiosk = load_settings(environ={}).kiosk
    assert (kiosk.idle_timeout, kiosk.idle_warning, kiosk.result_timeout, kiosk.pin_hash) == (
        90,
        20,
        60,
        None,
    )


def test_environment_wins_over_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[kiosk]\nidle_timeout = 120\nlanguage = 'en'\n", encoding="utf-8")
    kiosk = load_settings(
        path, {"INTAKE_BOT_KIOSK_IDLE_TIMEOUT": "60", "INTAKE_BOT_KIOSK_LANGUAGE": "es"}
    ).kiosk
    assert kiosk.idle_timeout == 60 and kiosk.language == "es"


@pytest.mark.parametrize(
    ("text", "environ", "says"),
    [
        (
            "[kiosk]\nidle_timeout = 5\n",
            {},
            "[kiosk] idle_timeout: Input should be greater than or equal to 15",
        ),
        (
            "[kiosk]\nidle_timout = 60\n",
            {},
            "[kiosk] idle_timout: unknown setting (known: idle_timeout",
        ),
        (
            "[kiosk]\nidle_warning = 100\n",
            {},
            "idle_warning (100 s) must be shorter than idle_timeout (90 s)",
        ),
        (
            "[kiosk]\npin_hash = 'secret'\n",
            {},
            "not a PIN hash made by `intake-bot kiosk --set-pin`",
        ),
        ("[kiosk\n", {}, "not valid TOML"),
        (
            "",
            {"INTAKE_BOT_KIOSK_RESULT_TIMEOUT": "soon"},
            "environment variable INTAKE_BOT_KIOSK_RESULT_TIMEOUT",
        ),
    ],
)
def test_mistakes_name_where_and_what(tmp_path, text, environ, says):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path, environ)
    assert says in str(error.value)


def test_a_named_config_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "missing.toml", {})


def test_write_pin_hash_keeps_the_rest_of_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "# clinic kiosk\n[kiosk]\nidle_timeout = 120\npin_hash = 'old'\n[other]\nx = 1\n",
        encoding="utf-8",
    )
    pin_hash = hash_pin("975313")
    write_pin_hash(path, pin_hash)
    text = path.read_text(encoding="utf-8")
    assert "# clinic kiosk" in text and "[other]" in text and "'old'" not in text
    assert text.count("pin_hash") == 1


def test_pin_guard_waits_longer_after_each_wrong_try():
    now = [0.0]
    guard = PinGuard(hash_pin("246813", salt=b"s" * 16), clock=lambda: now[0])
    waits = []
    for _ in range(5):
        assert guard.attempt("000000") is False
        waits.append(guard.wait_left())
        now[0] += guard.wait_left()
    assert waits == [0.0, 0.0, 2.0, 4.0, 8.0]
    assert guard.attempt("246813") is True and guard.failures == 0


def test_a_pin_is_6_to_12_ascii_digits():
    for bad in ("12", "abcdef", "", "12345", "1234567890123", "²²²²²²", "١٢٣٤٥٦", "123456\n"):
        with pytest.raises(ValueError, match="6 to 12 digits 0-9"):
            hash_pin(bad)
    for good in ("123456", "123456789012"):
        hash_pin(good, salt=b"s" * 16)


GOOD = hash_pin("246813", salt=b"s" * 16).split("$")


@pytest.mark.parametrize(
    ("stored", "says"),
    [
        ("scrypt$1$1$1$AAAA$AAAA", "N is 1"),
        (f"scrypt${2**30}$8$1${GOOD[4]}${GOOD[5]}", "N is 1073741824"),
        (f"scrypt$16384$8$1$${GOOD[5]}", "salt is 0 bytes"),
        (f"scrypt$16384$0$1${GOOD[4]}${GOOD[5]}", "r is 0"),
        (f"scrypt$16384$8$1${GOOD[4]}$", "digest is 0 bytes"),
        (f"scrypt$16384$8$1${GOOD[4]}$!!!!", "not base64"),
        (f"scrypt$131072$32$1${GOOD[4]}${GOOD[5]}", "asks for 512 MiB"),
    ],
)
def test_a_pin_hash_that_could_not_be_checked_is_refused_when_the_config_is_read(
    tmp_path, stored, says
):
    path = tmp_path / "config.toml"
    path.write_text(f'[kiosk]\npin_hash = "{stored}"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_settings(path, {})
    assert f"{path}: [kiosk] pin_hash:" in str(error.value) and says in str(error.value)


def test_the_clinics_name_and_phone_from_the_file_or_the_environment(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[clinic]\nname = "Clínica Sol"\nphone = "+34 912 345 678"\n', encoding="utf-8")
    clinic = load_settings(path, {}).clinic
    assert (clinic.name, clinic.phone) == ("Clínica Sol", "+34 912 345 678")
    clinic = load_settings(path, {"INTAKE_BOT_CLINIC_PHONE": "(01) 234-5678"}).clinic
    assert clinic.phone == "(01) 234-5678"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('phone = "call us"', "[clinic] phone: a phone number is digits"),
        ('phone = "12; rm -rf /"', "[clinic] phone: a phone number is digits"),
        ('phone = "(((((((((0"', "[clinic] phone: a phone number is digits"),
        ('name = "Sol {phone}"', "[clinic] name: a name of printable characters"),
        ('name = "Sol\\u001b[31m"', "[clinic] name: a name of printable characters"),
        ('fax = "1"', "[clinic] fax"),
    ],
)
def test_a_bad_clinic_setting_is_named(tmp_path, line, says):
    path = tmp_path / "config.toml"
    path.write_text(f"[clinic]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, {})
    assert says in str(caught.value)
    assert str(path) in str(caught.value)
