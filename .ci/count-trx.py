"""Counts passed and failed tests in every TRX file of a folder; prints "<passed> <failed>"."""
import pathlib, sys, xml.etree.ElementTree as ET

passed = failed = 0
for trx in pathlib.Path(sys.argv[1]).rglob("*.trx"):
    counters = ET.parse(trx).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        failed += 1  # a report without counters means the run broke
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(passed, failed)
