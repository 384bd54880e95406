#include <catch2/catch.hpp>
#include <string>

#include "http/multipart.h"

using kurl::FormField;

namespace {

FormField parsed(std::string_view argument, bool literal = false) {
  std::string problem;
  std::vector<std::string> warnings;
  std::optional<FormField> field = kurl::parse_form_field(argument, literal, problem, warnings);
  INFO(problem);
  REQUIRE(field);
  return *field;
}

std::string problem_of(std::string_view argument) {
  std::string problem;
  std::vector<std::string> warnings;
  CHECK_FALSE(kurl::parse_form_field(argument, false, problem, warnings));
  return problem;
}

}  // namespace

TEST_CASE("multipart: -F forms parse as curl reads them") {
  FormField text = parsed("a=1");
  CHECK((text.kind == FormField::Kind::Text && text.name == "a" && text.value == "1"));
  CHECK(text.type.empty());

  FormField file = parsed("f=@dir/notes.txt");
  CHECK(file.kind == FormField::Kind::File);
  CHECK(file.value == "dir/notes.txt");
  CHECK(file.filename == "notes.txt");
  CHECK(file.type == "text/plain");

  FormField typed = parsed("p=@a.png;type=image/x-test;filename=\"n;m.bin\"");
  CHECK(typed.type == "image/x-test");
  CHECK(typed.filename == "n;m.bin");
  CHECK(parsed("d=@data.json").type == "application/octet-stream");  // not in curl's list

  FormField content = parsed("v=<notes.txt");
  CHECK(content.kind == FormField::Kind::FileContent);
  CHECK((content.filename.empty() && content.type.empty()));

  CHECK(parsed("z=\"q;r\";type=t/u").value == "q;r");
  CHECK(parsed("q=\"unterminated").value == "\"unterminated");
  CHECK(parsed("t=1;type=text/foo").type == "text/foo");
  CHECK(parsed("s=@a.txt;type=x", true).value == "@a.txt;type=x");  // --form-string

  std::string problem;
  std::vector<std::string> warnings;
  CHECK(kurl::parse_form_field("y=a;b", false, problem, warnings)->value == "a");
  CHECK(warnings == std::vector<std::string>{"skip unknown form field: b"});
}

TEST_CASE("multipart: malformed or unsupported -F arguments are refused") {
  CHECK(problem_of("novalue").find("novalue") != std::string::npos);
  CHECK(problem_of("f=@a,b").find("several files") != std::string::npos);
  CHECK(problem_of("f=@-").find("standard input") != std::string::npos);
  CHECK(problem_of("f=@a;headers=X-A: 1").find("headers") != std::string::npos);
  CHECK(parsed("f=@\"a,b\"").value == "a,b");  // quoted, a comma is part of the name
}

TEST_CASE("multipart: curl's content types by extension") {
  CHECK(kurl::guess_content_type("a.GIF") == "image/gif");
  CHECK(kurl::guess_content_type("a.jpeg") == "image/jpeg");
  CHECK(kurl::guess_content_type("a.svg") == "image/svg+xml");
  CHECK(kurl::guess_content_type("a.htm") == "text/html");
  CHECK(kurl::guess_content_type("a.pdf") == "application/pdf");
  CHECK(kurl::guess_content_type("a.xml") == "application/xml");
  CHECK(kurl::guess_content_type("a.json").empty());
  CHECK(kurl::guess_content_type("txt").empty());
}

TEST_CASE("multipart: boundary has curl 7.88's shape") {
  const unsigned char random[8] = {0x00, 0x01, 0xab, 0xcd, 0xef, 0x10, 0x99, 0xff};
  CHECK(kurl::make_boundary(random) == "------------------------0001abcdef1099ff");
  CHECK(kurl::multipart_content_type("B") == "multipart/form-data; boundary=B");
}

TEST_CASE("multipart: parts are encoded byte for byte, files left to be read") {
  std::vector<kurl::FormPart> parts;
  parts.push_back({parsed("a=1"), 0});
  parts.push_back({parsed("n\"m=x"), 0});
  parts.push_back({parsed("f=@/tmp/x\"y.txt"), 11});
  parts.push_back({parsed("v=<other"), 5});
  kurl::BodyPlan plan = kurl::encode_multipart(parts, "BOUNDARY");
  const auto& segments = plan.segments();
  REQUIRE(segments.size() == 5);
  CHECK(segments[0].text ==
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"n%22m\"\r\n\r\nx\r\n"
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x%22y.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\n");
  CHECK((segments[1].kind == kurl::BodySegment::Kind::File && segments[1].path == "/tmp/x\"y.txt"));
  CHECK(segments[1].size == 11);
  CHECK(segments[2].text == "\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n");
  CHECK(segments[3].path == "other");
  CHECK(segments[4].text == "\r\n--BOUNDARY--\r\n");
  CHECK(plan.size() == segments[0].text.size() + 11 + segments[2].text.size() + 5 +
                           segments[4].text.size());
}

TEST_CASE("multipart: an empty file adds its head and no read") {
  std::vector<kurl::FormPart> parts;
  parts.push_back({parsed("e=@empty.bin"), 0});
  kurl::BodyPlan plan = kurl::encode_multipart(parts, "B");
  CHECK(plan.in_memory());
  CHECK(plan.text() ==
        "--B\r\nContent-Disposition: form-data; name=\"e\"; filename=\"empty.bin\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n");
}
