// Cracking kernel for `sigprobe crack`: tests many candidate HMAC keys against one
// signed message without a JavaScript call per candidate. The hashing is OpenSSL's
// (the copy inside Node, so SHA extensions and AVX paths are used when the CPU has
// them); this file only lays out the RFC 2104 construction around it, and the test
// suite checks every digest against node:crypto's createHmac.
#include <node_api.h>
#include <openssl/sha.h>
#include <cstdint>
#include <cstring>

namespace {

enum Alg { kSha1 = 1, kSha256 = 2, kSha512 = 3 };

struct Spec {
  Alg alg;
  size_t block;
  size_t out;
};

bool SpecFor(int32_t id, Spec* spec) {
  switch (id) {
    case kSha1: *spec = {kSha1, 64, 20}; return true;
    case kSha256: *spec = {kSha256, 64, 32}; return true;
    case kSha512: *spec = {kSha512, 128, 64}; return true;
    default: return false;
  }
}

// hash(a || b): the two halves of HMAC are each one block of padded key plus data.
void Hash2(const Spec& s, const uint8_t* a, size_t an, const uint8_t* b, size_t bn,
           uint8_t* out) {
  if (s.alg == kSha256) {
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, a, an);
    SHA256_Update(&c, b, bn);
    SHA256_Final(out, &c);
  } else if (s.alg == kSha1) {
    SHA_CTX c;
    SHA1_Init(&c);
    SHA1_Update(&c, a, an);
    SHA1_Update(&c, b, bn);
    SHA1_Final(out, &c);
  } else {
    SHA512_CTX c;
    SHA512_Init(&c);
    SHA512_Update(&c, a, an);
    SHA512_Update(&c, b, bn);
    SHA512_Final(out, &c);
  }
}

void Hmac(const Spec& s, const uint8_t* key, size_t keyLen, const uint8_t* msg, size_t msgLen,
          uint8_t* out) {
  uint8_t k0[128];
  std::memset(k0, 0, s.block);
  // A key longer than the block is replaced by its digest (RFC 2104 section 2).
  if (keyLen > s.block) {
    Hash2(s, key, keyLen, nullptr, 0, k0);
  } else if (keyLen > 0) {
    std::memcpy(k0, key, keyLen);
  }
  uint8_t pad[128];
  uint8_t inner[64];
  for (size_t i = 0; i < s.block; i++) pad[i] = k0[i] ^ 0x36;
  Hash2(s, pad, s.block, msg, msgLen, inner);
  for (size_t i = 0; i < s.block; i++) pad[i] = k0[i] ^ 0x5c;
  Hash2(s, pad, s.block, inner, s.out, out);
}

struct Target {
  Spec spec;
  const uint8_t* msg;
  size_t msgLen;
  const uint8_t* sigs;
  size_t sigCount;
};

bool Matches(const Target& t, const uint8_t* key, size_t keyLen) {
  uint8_t mac[64];
  Hmac(t.spec, key, keyLen, t.msg, t.msgLen, mac);
  for (size_t i = 0; i < t.sigCount; i++) {
    if (std::memcmp(mac, t.sigs + i * t.spec.out, t.spec.out) == 0) return true;
  }
  return false;
}

bool GetBuffer(napi_env env, napi_value v, const uint8_t** data, size_t* len) {
  void* p = nullptr;
  bool isBuffer = false;
  if (napi_is_buffer(env, v, &isBuffer) != napi_ok || !isBuffer) return false;
  if (napi_get_buffer_info(env, v, &p, len) != napi_ok) return false;
  *data = static_cast<const uint8_t*>(p);
  return true;
}

bool GetInt(napi_env env, napi_value v, int64_t* out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

napi_value Fail(napi_env env, const char* message) {
  napi_throw_type_error(env, nullptr, message);
  return nullptr;
}

// Shared argument layout of the scanning calls: (..., message, alg, signatures, limit).
bool ReadTarget(napi_env env, napi_value* argv, Target* t, int64_t* limit) {
  int64_t alg = 0;
  const uint8_t* sigs = nullptr;
  size_t sigBytes = 0;
  if (!GetBuffer(env, argv[0], &t->msg, &t->msgLen)) return false;
  if (!GetInt(env, argv[1], &alg) || !SpecFor(static_cast<int32_t>(alg), &t->spec)) return false;
  if (!GetBuffer(env, argv[2], &sigs, &sigBytes) || sigBytes % t->spec.out != 0) return false;
  if (!GetInt(env, argv[3], limit)) return false;
  t->sigs = sigs;
  t->sigCount = sigBytes / t->spec.out;
  return true;
}

napi_value Pair(napi_env env, int64_t hit, int64_t tested) {
  napi_value result, a, b;
  napi_create_array_with_length(env, 2, &result);
  napi_create_int64(env, hit, &a);
  napi_create_int64(env, tested, &b);
  napi_set_element(env, result, 0, a);
  napi_set_element(env, result, 1, b);
  return result;
}

// scanLines(chunk, message, alg, signatures, limit) -> [hitIndex | -1, tested]
// Each line of the chunk (LF-terminated, a CR before the LF dropped) is a key.
napi_value ScanLines(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  const uint8_t* chunk = nullptr;
  size_t chunkLen = 0;
  Target t;
  int64_t limit = 0;
  if (argc != 5 || !GetBuffer(env, argv[0], &chunk, &chunkLen) || !ReadTarget(env, argv + 1, &t, &limit)) {
    return Fail(env, "scanLines(chunk, message, alg, signatures, limit)");
  }
  int64_t index = 0;
  size_t pos = 0;
  while (pos < chunkLen && index < limit) {
    const void* nl = std::memchr(chunk + pos, '\n', chunkLen - pos);
    size_t end = nl ? static_cast<const uint8_t*>(nl) - chunk : chunkLen;
    size_t len = end - pos;
    if (len > 0 && chunk[pos + len - 1] == '\r') len--;
    if (Matches(t, chunk + pos, len)) return Pair(env, index, index + 1);
    index++;
    pos = end + 1;
  }
  return Pair(env, -1, index);
}

// scanPacked(keys, offsets, message, alg, signatures, limit) -> [hitIndex | -1, tested]
// Key i is keys[offsets[i] .. offsets[i + 1]); offsets is a Uint32Array of n + 1.
napi_value ScanPacked(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  const uint8_t* keys = nullptr;
  size_t keysLen = 0;
  napi_typedarray_type type;
  size_t count = 0;
  void* data = nullptr;
  Target t;
  int64_t limit = 0;
  if (argc != 6 || !GetBuffer(env, argv[0], &keys, &keysLen) ||
      napi_get_typedarray_info(env, argv[1], &type, &count, &data, nullptr, nullptr) != napi_ok ||
      type != napi_uint32_array || count == 0 || !ReadTarget(env, argv + 2, &t, &limit)) {
    return Fail(env, "scanPacked(keys, offsets, message, alg, signatures, limit)");
  }
  const uint32_t* offsets = static_cast<const uint32_t*>(data);
  int64_t n = static_cast<int64_t>(count - 1);
  if (limit < n) n = limit;
  for (int64_t i = 0; i < n; i++) {
    uint32_t a = offsets[i], b = offsets[i + 1];
    if (b < a || b > keysLen) return Fail(env, "scanPacked: offsets out of range");
    if (Matches(t, keys + a, b - a)) return Pair(env, i, i + 1);
  }
  return Pair(env, -1, n);
}

// countLines(chunk, max) -> [lines, bytesUsed]: the lines scanLines would see, at most
// max of them, and where the last counted one ends (so a chunk can be cut there).
napi_value CountLines(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  const uint8_t* chunk = nullptr;
  size_t chunkLen = 0;
  int64_t max = 0;
  if (argc != 2 || !GetBuffer(env, argv[0], &chunk, &chunkLen) || !GetInt(env, argv[1], &max)) {
    return Fail(env, "countLines(chunk, max)");
  }
  int64_t lines = 0;
  size_t pos = 0;
  while (pos < chunkLen && lines < max) {
    const void* nl = std::memchr(chunk + pos, '\n', chunkLen - pos);
    size_t end = nl ? static_cast<const uint8_t*>(nl) - chunk : chunkLen;
    lines++;
    pos = end + 1;
  }
  return Pair(env, lines, static_cast<int64_t>(pos > chunkLen ? chunkLen : pos));
}

// hmac(alg, key, message) -> Buffer: the kernel's HMAC, exposed so tests can compare it
// with node:crypto on many inputs.
napi_value HmacOnce(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int64_t alg = 0;
  Spec spec;
  const uint8_t *key = nullptr, *msg = nullptr;
  size_t keyLen = 0, msgLen = 0;
  if (argc != 3 || !GetInt(env, argv[0], &alg) || !SpecFor(static_cast<int32_t>(alg), &spec) ||
      !GetBuffer(env, argv[1], &key, &keyLen) || !GetBuffer(env, argv[2], &msg, &msgLen)) {
    return Fail(env, "hmac(alg, key, message)");
  }
  uint8_t mac[64];
  Hmac(spec, key, keyLen, msg, msgLen, mac);
  napi_value out;
  void* copy = nullptr;
  napi_create_buffer_copy(env, spec.out, mac, &copy, &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"scanLines", nullptr, ScanLines, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"scanPacked", nullptr, ScanPacked, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"countLines", nullptr, CountLines, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"hmac", nullptr, HmacOnce, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
