"""Export command mistakes a curator can make: one Russian line and a non-zero exit each."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "d"
    assert main(["demo", "--data-dir", str(folder)]) == 0
    return folder


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["order", "--id", "abc"], 2, "аргумент --id: нужно целое число, а не 'abc'"),
        (["program", "--id", "999"], 1, "Программа с номером записи 999 не найдена"),
        (["consent", "--teacher", "999"], 1, "Участник с номером записи 999 не найден."),
        (["program", "--id", "1", "--split"], 1, "печатается только приказ (order)"),
        (["order", "--id", "1", "--split"], 1, "укажите папку, а не файл «x.docx»"),
    ],
)
def test_mistakes_are_one_russian_line(
    data: Path,
    tmp_path: Path,
    capsys,
    args: list[str],  # type: ignore[no-untyped-def]
    code: int,
    message: str,
) -> None:
    out = tmp_path / "x.docx"
    try:
        result = main(["export", *args, "--data-dir", str(data), "--out", str(out)])
    except SystemExit as exc:  # argparse's usage errors end the process
        result = int(str(exc.code))
    assert result == code
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err and "Traceback" not in err
    assert not out.exists()


def test_split_into_an_existing_file_is_refused_and_the_file_kept(
    data: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    capsys,
) -> None:
    existing = tmp_path / "приказ.docx"
    existing.write_bytes(b"old")
    assert (
        main(
            [
                "export",
                "order",
                "--id",
                "1",
                "--split",
                "--data-dir",
                str(data),
                "--out",
                str(existing),
            ]
        )
        == 1
    )
    assert "это файл; для отдельных файлов укажите папку" in capsys.readouterr().err
    assert existing.read_bytes() == b"old"
