// output/status_line: a progress line that guards an output channel on the same terminal.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "fd_contents.h"
#include "output/output_channel.h"
#include "output/status_line.h"

TEST_CASE("status line: erased before output lands, drawn again only at a line start") {
  std::FILE* terminal = std::tmpfile();  // stands for the terminal both streams share
  REQUIRE(terminal != nullptr);
  {
    kurl::StatusLine line(terminal);
    kurl::OutputChannel out(fileno(terminal), "output to stdout");
    out.set_guard(&line);
    CHECK(line.draw("1/3 done"));
    out.write("body one\n");
    out.flush();
    CHECK_FALSE(line.drawn());
    CHECK(line.draw("2/3 done"));
    out.write("no newline");
    out.flush();
    CHECK_FALSE(line.draw("3/3 done"));  // it would sit inside the output's line
    out.write(" end\n");
    out.flush();
    CHECK(line.draw("3/3 done"));
    line.erase();
    line.erase();  // once only
    out.set_guard(nullptr);
  }
  CHECK(kurl_test::fd_contents(fileno(terminal)) ==
        "\r\x1b[K1/3 done\r\x1b[Kbody one\n"
        "\r\x1b[K2/3 done\r\x1b[Kno newline end\n"
        "\r\x1b[K3/3 done\r\x1b[K");
  std::fclose(terminal);
}
