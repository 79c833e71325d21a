"""The Juliet loader cuts one unit per bad()/good*() function in Java, C and C++ test cases."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpora.loaders import load_units
from benchmarks.corpora.model import Corpus

_C_CASE = """\
#include "std_testcase.h"
#ifndef OMITBAD
void CWE78_OS_Command_Injection__char_console_system_01_bad()
{
    char data[100] = "ls ";
    system(data);
}
#endif
#ifndef OMITGOOD
static void goodG2B()
{
    system("ls");
}
void CWE78_OS_Command_Injection__char_console_system_01_good()
{
    goodG2B();
}
#endif
"""

_CPP_CASE = """\
namespace CWE416_Use_After_Free__new_delete_char_01
{
void bad()
{
    char * data = new char;
    delete data;
    *data = 'a';
}
static void goodG2B()
{
    char * data = new char;
    *data = 'a';
    delete data;
}
void good()
{
    goodG2B();
}
}
"""

_JAVA_CASE = """\
public class CWE89_SQL_Injection__getParameter_Servlet_01 {
    public void bad(HttpServletRequest request) throws Throwable {
        stmt.execute("x" + request.getParameter("id"));
    }
    private void goodG2B() throws Throwable {
        stmt.execute("x");
    }
}
"""


def test_juliet_units_for_c_cpp_and_java(tmp_path: Path) -> None:
    (tmp_path / "CWE78_OS_Command_Injection__char_console_system_01.c").write_text(_C_CASE)
    (tmp_path / "CWE416_Use_After_Free__new_delete_char_01.cpp").write_text(_CPP_CASE)
    (tmp_path / "CWE89_SQL_Injection__getParameter_Servlet_01.java").write_text(_JAVA_CASE)
    corpus = Corpus(name="j", kind="juliet", license="public domain", paths=("*_01.*",))

    units = {u.name: u for u in load_units(corpus, tmp_path, None)}

    assert sorted(units) == [
        "CWE416_Use_After_Free__new_delete_char_01.cpp:bad",
        "CWE416_Use_After_Free__new_delete_char_01.cpp:goodG2B",
        "CWE78_OS_Command_Injection__char_console_system_01.c:bad",
        "CWE78_OS_Command_Injection__char_console_system_01.c:goodG2B",
        "CWE89_SQL_Injection__getParameter_Servlet_01.java:bad",
        "CWE89_SQL_Injection__getParameter_Servlet_01.java:goodG2B",
    ]
    c_bad = units["CWE78_OS_Command_Injection__char_console_system_01.c:bad"]
    assert c_bad.language == "c" and c_bad.labels[0].insecure and "CWE-78" in c_bad.labels[0].cwes
    assert c_bad.code.rstrip().endswith("}") and "goodG2B" not in c_bad.code
    cpp_good = units["CWE416_Use_After_Free__new_delete_char_01.cpp:goodG2B"]
    assert cpp_good.language == "cpp" and not cpp_good.labels[0].insecure
