#include "net/certificate_chain.h"

#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/rsa.h>
#include <mbedtls/x509_crt.h>

#include <cstdio>
#include <string_view>

namespace kurl {

namespace {

// OpenSSL's X509_V_ERR codes for the failures mbedTLS reports.
constexpr long kUnspecified = 1;
constexpr long kNotYetValid = 9;
constexpr long kExpired = 10;
constexpr long kSelfSignedLeaf = 18;
constexpr long kSelfSignedInChain = 19;
constexpr long kIssuerUnknown = 20;

constexpr const char kPemBegin[] = "-----BEGIN CERTIFICATE-----\n";
constexpr const char kPemEnd[] = "-----END CERTIFICATE-----\n";

void add_line(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(":").append(value).append("\n");
}

// OpenSSL prints the serial's magnitude: DER's leading zero byte is not part of it.
std::string serial_hex(const mbedtls_x509_buf& serial) {
  size_t start = 0;
  while (start + 1 < serial.len && serial.p[start] == 0) ++start;
  std::string out;
  char pair[3];
  for (size_t i = start; i < serial.len; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", serial.p[i]);
    out += pair;
  }
  return out;
}

std::string_view signature_name(const mbedtls_x509_crt& crt) {
  bool rsa = crt.sig_pk == MBEDTLS_PK_RSA;
  bool ecdsa = crt.sig_pk == MBEDTLS_PK_ECDSA;
  if (crt.sig_pk == MBEDTLS_PK_RSASSA_PSS) return "rsassaPss";
  switch (crt.sig_md) {
    case MBEDTLS_MD_SHA1:
      return rsa ? "sha1WithRSAEncryption" : ecdsa ? "ecdsa-with-SHA1" : "UNDEF";
    case MBEDTLS_MD_SHA224:
      return rsa ? "sha224WithRSAEncryption" : ecdsa ? "ecdsa-with-SHA224" : "UNDEF";
    case MBEDTLS_MD_SHA256:
      return rsa ? "sha256WithRSAEncryption" : ecdsa ? "ecdsa-with-SHA256" : "UNDEF";
    case MBEDTLS_MD_SHA384:
      return rsa ? "sha384WithRSAEncryption" : ecdsa ? "ecdsa-with-SHA384" : "UNDEF";
    case MBEDTLS_MD_SHA512:
      return rsa ? "sha512WithRSAEncryption" : ecdsa ? "ecdsa-with-SHA512" : "UNDEF";
    default:
      return "UNDEF";
  }
}

std::string_view public_key_name(const mbedtls_x509_crt& crt) {
  switch (mbedtls_pk_get_type(&crt.pk)) {
    case MBEDTLS_PK_RSA:
      return "rsaEncryption";
    case MBEDTLS_PK_ECKEY:
    case MBEDTLS_PK_ECKEY_DH:
    case MBEDTLS_PK_ECDSA:
      return "id-ecPublicKey";
    default:
      return "UNDEF";
  }
}

// ASN1_TIME_print's form: "Dec  7 18:14:53 2026 GMT".
std::string openssl_time(const mbedtls_x509_time& t) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const char* month = t.mon >= 1 && t.mon <= 12 ? kMonths[t.mon - 1] : "???";
  char text[32];
  std::snprintf(text, sizeof text, "%s %2d %02d:%02d:%02d %d GMT", month, t.day, t.hour, t.min,
                t.sec, t.year);
  return text;
}

void append_pem(std::string& out, const mbedtls_x509_buf& der) {
  size_t needed = 0;
  mbedtls_pem_write_buffer(kPemBegin, kPemEnd, der.p, der.len, nullptr, 0, &needed);
  std::string pem(needed, '\0');
  size_t written = 0;
  if (mbedtls_pem_write_buffer(kPemBegin, kPemEnd, der.p, der.len,
                               reinterpret_cast<unsigned char*>(pem.data()), pem.size(),
                               &written) != 0) {
    return;
  }
  pem.resize(written > 0 ? written - 1 : 0);  // the length counts the terminating NUL
  out += pem;
}

// OpenSSL's hex of a big number: upper case, no leading zeros.
std::string mpi_hex(const mbedtls_mpi& number) {
  char text[2048];
  size_t length = 0;
  if (mbedtls_mpi_write_string(&number, 16, text, sizeof text, &length) != 0) return "";
  std::string_view hex(text);
  while (hex.size() > 1 && hex.front() == '0') hex.remove_prefix(1);
  return std::string(hex);
}

// curl lists an RSA key's size, modulus and exponent.
void describe_rsa_key(std::string& out, const mbedtls_x509_crt& crt) {
  if (mbedtls_pk_get_type(&crt.pk) != MBEDTLS_PK_RSA) return;
  const mbedtls_rsa_context* rsa = mbedtls_pk_rsa(crt.pk);
  add_line(out, "RSA Public Key", std::to_string(mbedtls_pk_get_bitlen(&crt.pk)));
  add_line(out, "rsa(n)", mpi_hex(rsa->N));
  add_line(out, "rsa(e)", mpi_hex(rsa->E));
}

// The signature as curl prints it: lower-case hex pairs, each followed by a colon.
std::string signature_hex(const mbedtls_x509_buf& signature) {
  std::string out;
  char pair[4];
  for (size_t i = 0; i < signature.len; ++i) {
    std::snprintf(pair, sizeof pair, "%02x:", signature.p[i]);
    out += pair;
  }
  return out;
}

void describe(std::string& out, const mbedtls_x509_crt& crt) {
  add_line(out, "Subject", one_line_name(&crt.subject));
  add_line(out, "Issuer", one_line_name(&crt.issuer));
  add_line(out, "Version", std::to_string(crt.version - 1));  // OpenSSL counts from 0
  add_line(out, "Serial Number", serial_hex(crt.serial));
  add_line(out, "Signature Algorithm", signature_name(crt));
  add_line(out, "Public Key Algorithm", public_key_name(crt));
  add_line(out, "Start date", openssl_time(crt.valid_from));
  add_line(out, "Expire date", openssl_time(crt.valid_to));
  describe_rsa_key(out, crt);
  add_line(out, "Signature", signature_hex(crt.sig));
  append_pem(out, crt.raw);
}

}  // namespace

// In the certificate's order, with RFC 2253's special characters escaped.
std::string one_line_name(const mbedtls_x509_name* name) {
  std::string out;
  for (; name != nullptr; name = name->next) {
    if (name->oid.p == nullptr) continue;
    const char* short_name = nullptr;
    if (mbedtls_oid_get_attr_short_name(&name->oid, &short_name) != 0) short_name = "UNDEF";
    if (!out.empty()) out += name->next_merged ? " + " : ", ";
    out.append(short_name).append(" = ");
    for (size_t i = 0; i < name->val.len; ++i) {
      char c = static_cast<char>(name->val.p[i]);
      if (std::string_view(",+\"\\<>;").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

bool self_signed(const mbedtls_x509_crt& crt) {
  return crt.issuer_raw.len == crt.subject_raw.len &&
         std::string_view(reinterpret_cast<const char*>(crt.issuer_raw.p), crt.issuer_raw.len) ==
             std::string_view(reinterpret_cast<const char*>(crt.subject_raw.p),
                              crt.subject_raw.len);
}

long openssl_verify_code(uint32_t flags, const mbedtls_x509_crt* chain) {
  // A wrong name is curl's own check, never in OpenSSL's result.
  flags &= ~static_cast<uint32_t>(MBEDTLS_X509_BADCERT_CN_MISMATCH);
  if (flags == 0) return 0;
  if (flags & MBEDTLS_X509_BADCERT_NOT_TRUSTED) {
    if (chain == nullptr) return kUnspecified;
    if (chain->next == nullptr) return self_signed(*chain) ? kSelfSignedLeaf : kIssuerUnknown;
    const mbedtls_x509_crt* last = chain;
    while (last->next != nullptr) last = last->next;
    return self_signed(*last) ? kSelfSignedInChain : kIssuerUnknown;
  }
  if (flags & MBEDTLS_X509_BADCERT_EXPIRED) return kExpired;
  if (flags & MBEDTLS_X509_BADCERT_FUTURE) return kNotYetValid;
  return kUnspecified;
}

std::shared_ptr<const PeerCertificates> describe_peer_certificates(const mbedtls_ssl_context& ssl) {
  auto peer = std::make_shared<PeerCertificates>();
  const mbedtls_x509_crt* chain = mbedtls_ssl_get_peer_cert(&ssl);
  for (const mbedtls_x509_crt* crt = chain; crt != nullptr && crt->raw.len > 0; crt = crt->next) {
    describe(peer->text, *crt);
    ++peer->count;
  }
  peer->verify_result = openssl_verify_code(mbedtls_ssl_get_verify_result(&ssl), chain);
  return peer;
}

}  // namespace kurl
