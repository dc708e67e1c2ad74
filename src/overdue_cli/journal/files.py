"""The journal on disk: where it lives, creating it privately, deleting it, and
hashing the files an entry refers to.

Why a module of its own: these are file-system matters (paths, modes, regular
files only), not SQLite ones, and ``log destroy`` needs them without opening
anything.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.failures import JournalError
from overdue_cli.text import text_safe


def default_path() -> Path:
    """The platform's user data directory (platformdirs). ``$OVERDUE_DB`` is read by
    the CLI's Environment and handed in as the path: the journal reads no variables."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("overdue", appauthor=False)) / "journal.sqlite3"


def resolve_path(db: str | None) -> Path:
    """The journal file for ``--db`` or ``$OVERDUE_DB`` (None: the default)."""
    return Path(db).expanduser() if db else default_path()


def make_private_file(path: Path) -> None:
    """Create the journal file (and its directory) readable by the user only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        return
    except PermissionError:
        raise JournalError(f"{path}: cannot create the journal here: permission denied "
                           "(无法创建日志文件)",
                           "choose a writable place with --db PATH or OVERDUE_DB",
                           key="create_denied", hint_key="choose_writable",
                           params={"path": path}) from None
    except OSError as exc:
        raise JournalError(f"{path}: cannot create the journal: {exc.strerror} (无法创建日志文件)",
                           "choose another place with --db PATH or OVERDUE_DB",
                           key="cannot_create", hint_key="choose_another",
                           params={"path": path, "why": exc.strerror}) from None


def check_file(path: Path, *, create: bool) -> None:
    """Before SQLite opens ``path``: create it (privately) when missing and allowed;
    refuse a directory, a device or pipe, or (``create`` False) no journal at all."""
    if not path.exists():
        if not create:
            raise UsageProblem(f"{path}: no journal here yet (还没有日志)",
                               "add an entry with `overdue log add` or `overdue log import`",
                               key="no_journal_yet", hint_key="add_an_entry",
                               params={"path": path})
        make_private_file(path)
    elif path.is_dir():
        raise UsageProblem(f"{path}: is a directory, not a journal file",
                           "give a file name with --db, e.g. --db ~/overdue.sqlite3",
                           key="journal_is_directory", hint_key="give_db_file",
                           params={"path": path})
    else:
        try:
            info = path.stat()
        except OSError as exc:
            raise JournalError(f"{path}: cannot read the journal: {exc.strerror} "
                               "(无法读取日志)", "check the path and its permissions",
                               key="cannot_read_journal", hint_key="check_path_permissions",
                               params={"path": path, "why": exc.strerror}) from None
        if not stat.S_ISREG(info.st_mode):  # /dev/null, a pipe: SQLite would write beside it
            raise UsageProblem(f"{path}: not a regular file, so not a journal (不是日志文件)",
                               "give a file name with --db, e.g. --db ~/overdue.sqlite3",
                               key="journal_not_regular", hint_key="give_db_file",
                               params={"path": path})
        if info.st_size == 0 and not create:
            raise UsageProblem(f"{path}: an empty file, no journal yet (还没有日志)",
                               "add an entry with `overdue log add` or `overdue log import`",
                               key="journal_empty_file", hint_key="add_an_entry",
                               params={"path": path})



def file_sha256(path: str) -> tuple[str, int]:
    """sha256 and size of a file (attachments, exports), read in chunks."""
    try:
        if stat.S_ISFIFO(os.stat(path).st_mode):  # opening a pipe waits for a writer
            raise UsageProblem(f"{path}: not a regular file (不是普通文件)",
                               "attach a saved screenshot or recording", key="not_regular_file",
                               hint_key="attach_saved", params={"path": path})
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise UsageProblem(f"{path}: is a directory, not a file", "name a file",
                                   key="is_directory", hint_key="name_a_file",
                                   params={"path": path})
            if not stat.S_ISREG(info.st_mode):  # a device or pipe has no fixed content
                raise UsageProblem(f"{path}: not a regular file (不是普通文件)",
                                   "attach a saved screenshot or recording",
                                   key="not_regular_file", hint_key="attach_saved",
                                   params={"path": path})
            return hashlib.file_digest(handle, "sha256").hexdigest(), info.st_size
    except FileNotFoundError:
        raise UsageProblem(f"{path}: no such file (找不到文件)",
                           "check the path; attachments are referenced, not copied",
                           key="no_such_file", hint_key="attachment_path",
                           params={"path": path}) from None
    except IsADirectoryError:
        raise UsageProblem(f"{path}: is a directory, not a file", "name a file",
                           key="is_directory", hint_key="name_a_file",
                           params={"path": path}) from None
    except PermissionError:
        raise UsageProblem(f"{path}: permission denied (没有读取权限)",
                           "check the file's permissions", key="permission_denied",
                           hint_key="check_permissions", params={"path": path}) from None


def attachment_state(path: str, sha256: str) -> str:
    """``ok``, ``missing`` or ``changed``: an attached file against its recorded hash."""
    try:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "missing"
    return "ok" if digest == sha256 else "changed"


def destroy(path: Path) -> list[Path]:
    """Delete the journal and its -wal/-shm files; return what was removed."""
    removed = []
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = candidate.lstat()
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(info.st_mode):  # never a device, a directory or a link's target
            raise UsageProblem(f"{text_safe(str(candidate))}: not a regular file; nothing "
                               "more was deleted", "give the journal file itself with --db",
                               key="destroy_not_regular", hint_key="give_journal_itself",
                               params={"path": text_safe(str(candidate))})
        candidate.unlink()
        removed.append(candidate)
    return removed
