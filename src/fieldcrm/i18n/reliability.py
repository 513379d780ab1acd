"""Messages of the guards: one writer, storage faults, damaged files, crashes, terminal size."""

EN = {
    # one writer per database
    "lock.in_use": "{path} is open in another fieldcrm (process {pid}); only one at a time can change it. Close the other one, or look without changing anything: fieldcrm --read-only",
    "lock.ask_read_only": "Open it read-only now? [y/N] ",
    "lock.yes": "y,yes",
    "readonly.notice": "Read-only: nothing can be changed in this window. Keys that would change data are switched off.",
    "readonly.refused": "Read-only: this key would change data.",
    "store.read_only_unusable": "{path} cannot be opened read-only: it does not exist yet, or it needs an upgrade that only a writing fieldcrm can make.",
    # storage faults
    "store.disk_full": "The disk holding {path} is full ({error}). What was being saved was not written; everything saved before it is safe. Free some space and start fieldcrm again.",
    "store.folder_read_only": "The folder {path} is read-only ({error}): fieldcrm cannot write its database there. Make it writable, choose another file with --db, or look at the data with --read-only.",
    "store.read_only": "{path} cannot be written ({error}). What was being saved was not written; everything saved before it is safe. Make the file and its folder writable, or open it with --read-only.",
    "store.cannot_open": "{path} cannot be opened for writing ({error}): its folder may be read-only or gone.",
    "store.io_error": "Reading or writing {path} failed ({error}). What was being saved was not written. Check the disk, then run: fieldcrm check",
    "store.busy": "{path} stayed locked by another program for too long ({error}); what was being saved was not written. Close other programs using the file and try again.",
    "store.damaged": "{path} is damaged ({error}); nothing more was written to it. Run fieldcrm check, then restore a backup (fieldcrm restore --help).",
    # damaged files found at start
    "health.damaged": "{path} is damaged; fieldcrm did not write to it.",
    "health.not_sqlite": "It is not an SQLite database at all (another kind of file has taken its place).",
    "health.bad_header": "Its header is damaged.",
    "health.truncated": "It is cut short: {size} bytes where at least {expected} are needed, so its end is missing.",
    "health.foreign_wal": "The -wal file beside it belongs to another copy of the database; SQLite would mix the two.",
    "health.bad_pages": "SQLite's check found damaged pages: {details}",
    "health.backup": "The newest good backup is {path}. To restore it (the damaged file is kept in the backups folder):",
    "health.no_backup": "There is no good backup in {folder}. Keep the damaged file; fieldcrm check lists what is wrong.",
    # crashes
    "crash.logged": "fieldcrm stopped on an unexpected error. Nothing saved before it was lost. The details are in {path}; please send that file with a bug report.",
    "crash.unlogged": "fieldcrm stopped on an unexpected error, and the log file could not be written ({error}). The details:",
    # terminal size
    "too_small.message": "The terminal is {width}×{height}.\nfieldcrm needs at least {min_width}×{min_height}: make the window larger.\n\nq quits.",
}

ZH = {
    "lock.in_use": "{path} 已在另一个 fieldcrm 中打开（进程 {pid}）；同一时间只能有一个修改它。请关闭另一个，或以只读方式查看：fieldcrm --read-only",
    "lock.ask_read_only": "现在以只读方式打开吗？[y/N] ",
    "lock.yes": "y,yes,是,好",
    "readonly.notice": "只读：此窗口中不能做任何修改，会改动数据的按键已停用。",
    "readonly.refused": "只读：此按键会改动数据。",
    "store.read_only_unusable": "无法以只读方式打开 {path}：文件尚不存在，或需要升级（只有可写的 fieldcrm 才能升级）。",
    "store.disk_full": "{path} 所在的磁盘已满（{error}）。正在保存的内容没有写入；之前保存的都安全。请腾出空间后重新启动 fieldcrm。",
    "store.folder_read_only": "目录 {path} 是只读的（{error}）：fieldcrm 无法在此写入数据库。请使其可写、用 --db 选择其他文件，或用 --read-only 查看数据。",
    "store.read_only": "{path} 无法写入（{error}）。正在保存的内容没有写入；之前保存的都安全。请使文件及其目录可写，或用 --read-only 打开。",
    "store.cannot_open": "无法以写入方式打开 {path}（{error}）：其目录可能是只读的或已不存在。",
    "store.io_error": "读写 {path} 失败（{error}）。正在保存的内容没有写入。请检查磁盘，然后运行：fieldcrm check",
    "store.busy": "{path} 被其他程序锁定过久（{error}）；正在保存的内容没有写入。请关闭使用该文件的其他程序后重试。",
    "store.damaged": "{path} 已损坏（{error}）；没有再写入任何内容。请运行 fieldcrm check，然后恢复备份（fieldcrm restore --help）。",
    "health.damaged": "{path} 已损坏；fieldcrm 没有写入它。",
    "health.not_sqlite": "它根本不是 SQLite 数据库（被另一种文件替换了）。",
    "health.bad_header": "它的文件头已损坏。",
    "health.truncated": "它被截断了：只有 {size} 字节，至少需要 {expected} 字节，结尾部分丢失。",
    "health.foreign_wal": "旁边的 -wal 文件属于该数据库的另一个副本；SQLite 会把两者混在一起。",
    "health.bad_pages": "SQLite 检查发现损坏的页：{details}",
    "health.backup": "最新的完好备份是 {path}。恢复方法（损坏的文件会保留在备份目录中）：",
    "health.no_backup": "{folder} 中没有完好的备份。请保留损坏的文件；fieldcrm check 会列出问题。",
    "crash.logged": "fieldcrm 因意外错误而停止。之前保存的内容都没有丢失。详情见 {path}；报告问题时请附上该文件。",
    "crash.unlogged": "fieldcrm 因意外错误而停止，且无法写入日志文件（{error}）。详情：",
    "too_small.message": "终端大小为 {width}×{height}。\nfieldcrm 至少需要 {min_width}×{min_height}：请把窗口调大。\n\n按 q 退出。",
}
