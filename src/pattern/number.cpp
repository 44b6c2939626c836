#include "pattern/number.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace ebw::pattern {

namespace {

// Powers of ten that a double holds exactly; with a mantissa of at most 2^53 one multiplication or
// division by them rounds correctly (Clinger's fast path).
constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// 5^q for q in [kMinPower, kMaxPower] as 128 bits, normalised so that the top bit is set:
// truncated for q >= 0, the reciprocal rounded up for q < 0. This is the table of the
// Eisel-Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per Second", 2021; the entries
// are those of fast_float's power_of_five_128 for this range), whose 128-bit product suffices for
// a correctly rounded result for every mantissa below 2^64 (Mushtak and Lemire, "Fast Number
// Parsing Without Fallback", 2023). Exponents outside the range take strtod.
constexpr int kMinPower = -100;
constexpr int kMaxPower = 100;
constexpr uint64_t kPowersOfFive[kMaxPower - kMinPower + 1][2] = {
    {0xdff9772470297ebdULL, 0x59787e2b93bc56f7ULL}, {0x8bfbea76c619ef36ULL, 0x57eb4edb3c55b65aULL},
    {0xaefae51477a06b03ULL, 0xede622920b6b23f1ULL}, {0xdab99e59958885c4ULL, 0xe95fab368e45ecedULL},
    {0x88b402f7fd75539bULL, 0x11dbcb0218ebb414ULL}, {0xaae103b5fcd2a881ULL, 0xd652bdc29f26a119ULL},
    {0xd59944a37c0752a2ULL, 0x4be76d3346f0495fULL}, {0x857fcae62d8493a5ULL, 0x6f70a4400c562ddbULL},
    {0xa6dfbd9fb8e5b88eULL, 0xcb4ccd500f6bb952ULL}, {0xd097ad07a71f26b2ULL, 0x7e2000a41346a7a7ULL},
    {0x825ecc24c873782fULL, 0x8ed400668c0c28c8ULL}, {0xa2f67f2dfa90563bULL, 0x728900802f0f32faULL},
    {0xcbb41ef979346bcaULL, 0x4f2b40a03ad2ffb9ULL}, {0xfea126b7d78186bcULL, 0xe2f610c84987bfa8ULL},
    {0x9f24b832e6b0f436ULL, 0x0dd9ca7d2df4d7c9ULL}, {0xc6ede63fa05d3143ULL, 0x91503d1c79720dbbULL},
    {0xf8a95fcf88747d94ULL, 0x75a44c6397ce912aULL}, {0x9b69dbe1b548ce7cULL, 0xc986afbe3ee11abaULL},
    {0xc24452da229b021bULL, 0xfbe85badce996168ULL}, {0xf2d56790ab41c2a2ULL, 0xfae27299423fb9c3ULL},
    {0x97c560ba6b0919a5ULL, 0xdccd879fc967d41aULL}, {0xbdb6b8e905cb600fULL, 0x5400e987bbc1c920ULL},
    {0xed246723473e3813ULL, 0x290123e9aab23b68ULL}, {0x9436c0760c86e30bULL, 0xf9a0b6720aaf6521ULL},
    {0xb94470938fa89bceULL, 0xf808e40e8d5b3e69ULL}, {0xe7958cb87392c2c2ULL, 0xb60b1d1230b20e04ULL},
    {0x90bd77f3483bb9b9ULL, 0xb1c6f22b5e6f48c2ULL}, {0xb4ecd5f01a4aa828ULL, 0x1e38aeb6360b1af3ULL},
    {0xe2280b6c20dd5232ULL, 0x25c6da63c38de1b0ULL}, {0x8d590723948a535fULL, 0x579c487e5a38ad0eULL},
    {0xb0af48ec79ace837ULL, 0x2d835a9df0c6d851ULL}, {0xdcdb1b2798182244ULL, 0xf8e431456cf88e65ULL},
    {0x8a08f0f8bf0f156bULL, 0x1b8e9ecb641b58ffULL}, {0xac8b2d36eed2dac5ULL, 0xe272467e3d222f3fULL},
    {0xd7adf884aa879177ULL, 0x5b0ed81dcc6abb0fULL}, {0x86ccbb52ea94baeaULL, 0x98e947129fc2b4e9ULL},
    {0xa87fea27a539e9a5ULL, 0x3f2398d747b36224ULL}, {0xd29fe4b18e88640eULL, 0x8eec7f0d19a03aadULL},
    {0x83a3eeeef9153e89ULL, 0x1953cf68300424acULL}, {0xa48ceaaab75a8e2bULL, 0x5fa8c3423c052dd7ULL},
    {0xcdb02555653131b6ULL, 0x3792f412cb06794dULL}, {0x808e17555f3ebf11ULL, 0xe2bbd88bbee40bd0ULL},
    {0xa0b19d2ab70e6ed6ULL, 0x5b6aceaeae9d0ec4ULL}, {0xc8de047564d20a8bULL, 0xf245825a5a445275ULL},
    {0xfb158592be068d2eULL, 0xeed6e2f0f0d56712ULL}, {0x9ced737bb6c4183dULL, 0x55464dd69685606bULL},
    {0xc428d05aa4751e4cULL, 0xaa97e14c3c26b886ULL}, {0xf53304714d9265dfULL, 0xd53dd99f4b3066a8ULL},
    {0x993fe2c6d07b7fabULL, 0xe546a8038efe4029ULL}, {0xbf8fdb78849a5f96ULL, 0xde98520472bdd033ULL},
    {0xef73d256a5c0f77cULL, 0x963e66858f6d4440ULL}, {0x95a8637627989aadULL, 0xdde7001379a44aa8ULL},
    {0xbb127c53b17ec159ULL, 0x5560c018580d5d52ULL}, {0xe9d71b689dde71afULL, 0xaab8f01e6e10b4a6ULL},
    {0x9226712162ab070dULL, 0xcab3961304ca70e8ULL}, {0xb6b00d69bb55c8d1ULL, 0x3d607b97c5fd0d22ULL},
    {0xe45c10c42a2b3b05ULL, 0x8cb89a7db77c506aULL}, {0x8eb98a7a9a5b04e3ULL, 0x77f3608e92adb242ULL},
    {0xb267ed1940f1c61cULL, 0x55f038b237591ed3ULL}, {0xdf01e85f912e37a3ULL, 0x6b6c46dec52f6688ULL},
    {0x8b61313bbabce2c6ULL, 0x2323ac4b3b3da015ULL}, {0xae397d8aa96c1b77ULL, 0xabec975e0a0d081aULL},
    {0xd9c7dced53c72255ULL, 0x96e7bd358c904a21ULL}, {0x881cea14545c7575ULL, 0x7e50d64177da2e54ULL},
    {0xaa242499697392d2ULL, 0xdde50bd1d5d0b9e9ULL}, {0xd4ad2dbfc3d07787ULL, 0x955e4ec64b44e864ULL},
    {0x84ec3c97da624ab4ULL, 0xbd5af13bef0b113eULL}, {0xa6274bbdd0fadd61ULL, 0xecb1ad8aeacdd58eULL},
    {0xcfb11ead453994baULL, 0x67de18eda5814af2ULL}, {0x81ceb32c4b43fcf4ULL, 0x80eacf948770ced7ULL},
    {0xa2425ff75e14fc31ULL, 0xa1258379a94d028dULL}, {0xcad2f7f5359a3b3eULL, 0x096ee45813a04330ULL},
    {0xfd87b5f28300ca0dULL, 0x8bca9d6e188853fcULL}, {0x9e74d1b791e07e48ULL, 0x775ea264cf55347eULL},
    {0xc612062576589ddaULL, 0x95364afe032a819eULL}, {0xf79687aed3eec551ULL, 0x3a83ddbd83f52205ULL},
    {0x9abe14cd44753b52ULL, 0xc4926a9672793543ULL}, {0xc16d9a0095928a27ULL, 0x75b7053c0f178294ULL},
    {0xf1c90080baf72cb1ULL, 0x5324c68b12dd6339ULL}, {0x971da05074da7beeULL, 0xd3f6fc16ebca5e04ULL},
    {0xbce5086492111aeaULL, 0x88f4bb1ca6bcf585ULL}, {0xec1e4a7db69561a5ULL, 0x2b31e9e3d06c32e6ULL},
    {0x9392ee8e921d5d07ULL, 0x3aff322e62439fd0ULL}, {0xb877aa3236a4b449ULL, 0x09befeb9fad487c3ULL},
    {0xe69594bec44de15bULL, 0x4c2ebe687989a9b4ULL}, {0x901d7cf73ab0acd9ULL, 0x0f9d37014bf60a11ULL},
    {0xb424dc35095cd80fULL, 0x538484c19ef38c95ULL}, {0xe12e13424bb40e13ULL, 0x2865a5f206b06fbaULL},
    {0x8cbccc096f5088cbULL, 0xf93f87b7442e45d4ULL}, {0xafebff0bcb24aafeULL, 0xf78f69a51539d749ULL},
    {0xdbe6fecebdedd5beULL, 0xb573440e5a884d1cULL}, {0x89705f4136b4a597ULL, 0x31680a88f8953031ULL},
    {0xabcc77118461cefcULL, 0xfdc20d2b36ba7c3eULL}, {0xd6bf94d5e57a42bcULL, 0x3d32907604691b4dULL},
    {0x8637bd05af6c69b5ULL, 0xa63f9a49c2c1b110ULL}, {0xa7c5ac471b478423ULL, 0x0fcf80dc33721d54ULL},
    {0xd1b71758e219652bULL, 0xd3c36113404ea4a9ULL}, {0x83126e978d4fdf3bULL, 0x645a1cac083126eaULL},
    {0xa3d70a3d70a3d70aULL, 0x3d70a3d70a3d70a4ULL}, {0xccccccccccccccccULL, 0xcccccccccccccccdULL},
    {0x8000000000000000ULL, 0x0000000000000000ULL}, {0xa000000000000000ULL, 0x0000000000000000ULL},
    {0xc800000000000000ULL, 0x0000000000000000ULL}, {0xfa00000000000000ULL, 0x0000000000000000ULL},
    {0x9c40000000000000ULL, 0x0000000000000000ULL}, {0xc350000000000000ULL, 0x0000000000000000ULL},
    {0xf424000000000000ULL, 0x0000000000000000ULL}, {0x9896800000000000ULL, 0x0000000000000000ULL},
    {0xbebc200000000000ULL, 0x0000000000000000ULL}, {0xee6b280000000000ULL, 0x0000000000000000ULL},
    {0x9502f90000000000ULL, 0x0000000000000000ULL}, {0xba43b74000000000ULL, 0x0000000000000000ULL},
    {0xe8d4a51000000000ULL, 0x0000000000000000ULL}, {0x9184e72a00000000ULL, 0x0000000000000000ULL},
    {0xb5e620f480000000ULL, 0x0000000000000000ULL}, {0xe35fa931a0000000ULL, 0x0000000000000000ULL},
    {0x8e1bc9bf04000000ULL, 0x0000000000000000ULL}, {0xb1a2bc2ec5000000ULL, 0x0000000000000000ULL},
    {0xde0b6b3a76400000ULL, 0x0000000000000000ULL}, {0x8ac7230489e80000ULL, 0x0000000000000000ULL},
    {0xad78ebc5ac620000ULL, 0x0000000000000000ULL}, {0xd8d726b7177a8000ULL, 0x0000000000000000ULL},
    {0x878678326eac9000ULL, 0x0000000000000000ULL}, {0xa968163f0a57b400ULL, 0x0000000000000000ULL},
    {0xd3c21bcecceda100ULL, 0x0000000000000000ULL}, {0x84595161401484a0ULL, 0x0000000000000000ULL},
    {0xa56fa5b99019a5c8ULL, 0x0000000000000000ULL}, {0xcecb8f27f4200f3aULL, 0x0000000000000000ULL},
    {0x813f3978f8940984ULL, 0x4000000000000000ULL}, {0xa18f07d736b90be5ULL, 0x5000000000000000ULL},
    {0xc9f2c9cd04674edeULL, 0xa400000000000000ULL}, {0xfc6f7c4045812296ULL, 0x4d00000000000000ULL},
    {0x9dc5ada82b70b59dULL, 0xf020000000000000ULL}, {0xc5371912364ce305ULL, 0x6c28000000000000ULL},
    {0xf684df56c3e01bc6ULL, 0xc732000000000000ULL}, {0x9a130b963a6c115cULL, 0x3c7f400000000000ULL},
    {0xc097ce7bc90715b3ULL, 0x4b9f100000000000ULL}, {0xf0bdc21abb48db20ULL, 0x1e86d40000000000ULL},
    {0x96769950b50d88f4ULL, 0x1314448000000000ULL}, {0xbc143fa4e250eb31ULL, 0x17d955a000000000ULL},
    {0xeb194f8e1ae525fdULL, 0x5dcfab0800000000ULL}, {0x92efd1b8d0cf37beULL, 0x5aa1cae500000000ULL},
    {0xb7abc627050305adULL, 0xf14a3d9e40000000ULL}, {0xe596b7b0c643c719ULL, 0x6d9ccd05d0000000ULL},
    {0x8f7e32ce7bea5c6fULL, 0xe4820023a2000000ULL}, {0xb35dbf821ae4f38bULL, 0xdda2802c8a800000ULL},
    {0xe0352f62a19e306eULL, 0xd50b2037ad200000ULL}, {0x8c213d9da502de45ULL, 0x4526f422cc340000ULL},
    {0xaf298d050e4395d6ULL, 0x9670b12b7f410000ULL}, {0xdaf3f04651d47b4cULL, 0x3c0cdd765f114000ULL},
    {0x88d8762bf324cd0fULL, 0xa5880a69fb6ac800ULL}, {0xab0e93b6efee0053ULL, 0x8eea0d047a457a00ULL},
    {0xd5d238a4abe98068ULL, 0x72a4904598d6d880ULL}, {0x85a36366eb71f041ULL, 0x47a6da2b7f864750ULL},
    {0xa70c3c40a64e6c51ULL, 0x999090b65f67d924ULL}, {0xd0cf4b50cfe20765ULL, 0xfff4b4e3f741cf6dULL},
    {0x82818f1281ed449fULL, 0xbff8f10e7a8921a4ULL}, {0xa321f2d7226895c7ULL, 0xaff72d52192b6a0dULL},
    {0xcbea6f8ceb02bb39ULL, 0x9bf4f8a69f764490ULL}, {0xfee50b7025c36a08ULL, 0x02f236d04753d5b4ULL},
    {0x9f4f2726179a2245ULL, 0x01d762422c946590ULL}, {0xc722f0ef9d80aad6ULL, 0x424d3ad2b7b97ef5ULL},
    {0xf8ebad2b84e0d58bULL, 0xd2e0898765a7deb2ULL}, {0x9b934c3b330c8577ULL, 0x63cc55f49f88eb2fULL},
    {0xc2781f49ffcfa6d5ULL, 0x3cbf6b71c76b25fbULL}, {0xf316271c7fc3908aULL, 0x8bef464e3945ef7aULL},
    {0x97edd871cfda3a56ULL, 0x97758bf0e3cbb5acULL}, {0xbde94e8e43d0c8ecULL, 0x3d52eeed1cbea317ULL},
    {0xed63a231d4c4fb27ULL, 0x4ca7aaa863ee4bddULL}, {0x945e455f24fb1cf8ULL, 0x8fe8caa93e74ef6aULL},
    {0xb975d6b6ee39e436ULL, 0xb3e2fd538e122b44ULL}, {0xe7d34c64a9c85d44ULL, 0x60dbbca87196b616ULL},
    {0x90e40fbeea1d3a4aULL, 0xbc8955e946fe31cdULL}, {0xb51d13aea4a488ddULL, 0x6babab6398bdbe41ULL},
    {0xe264589a4dcdab14ULL, 0xc696963c7eed2dd1ULL}, {0x8d7eb76070a08aecULL, 0xfc1e1de5cf543ca2ULL},
    {0xb0de65388cc8ada8ULL, 0x3b25a55f43294bcbULL}, {0xdd15fe86affad912ULL, 0x49ef0eb713f39ebeULL},
    {0x8a2dbf142dfcc7abULL, 0x6e3569326c784337ULL}, {0xacb92ed9397bf996ULL, 0x49c2c37f07965404ULL},
    {0xd7e77a8f87daf7fbULL, 0xdc33745ec97be906ULL}, {0x86f0ac99b4e8dafdULL, 0x69a028bb3ded71a3ULL},
    {0xa8acd7c0222311bcULL, 0xc40832ea0d68ce0cULL}, {0xd2d80db02aabd62bULL, 0xf50a3fa490c30190ULL},
    {0x83c7088e1aab65dbULL, 0x792667c6da79e0faULL}, {0xa4b8cab1a1563f52ULL, 0x577001b891185938ULL},
    {0xcde6fd5e09abcf26ULL, 0xed4c0226b55e6f86ULL}, {0x80b05e5ac60b6178ULL, 0x544f8158315b05b4ULL},
    {0xa0dc75f1778e39d6ULL, 0x696361ae3db1c721ULL}, {0xc913936dd571c84cULL, 0x03bc3a19cd1e38e9ULL},
    {0xfb5878494ace3a5fULL, 0x04ab48a04065c723ULL}, {0x9d174b2dcec0e47bULL, 0x62eb0d64283f9c76ULL},
    {0xc45d1df942711d9aULL, 0x3ba5d0bd324f8394ULL}, {0xf5746577930d6500ULL, 0xca8f44ec7ee36479ULL},
    {0x9968bf6abbe85f20ULL, 0x7e998b13cf4e1ecbULL}, {0xbfc2ef456ae276e8ULL, 0x9e3fedd8c321a67eULL},
    {0xefb3ab16c59b14a2ULL, 0xc5cfe94ef3ea101eULL}, {0x95d04aee3b80ece5ULL, 0xbba1f1d158724a12ULL},
    {0xbb445da9ca61281fULL, 0x2a8a6e45ae8edc97ULL}, {0xea1575143cf97226ULL, 0xf52d09d71a3293bdULL},
    {0x924d692ca61be758ULL, 0x593c2626705f9c56ULL},
};

struct U128 {
  uint64_t high, low;
};

inline U128 multiply(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__) && !defined(__wasm__)
  unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  return {static_cast<uint64_t>(p >> 64), static_cast<uint64_t>(p)};
#else
  // WebAssembly has no 64x64->128 multiplication; four 32-bit products, inline.
  const uint64_t aLo = a & 0xFFFFFFFFu, aHi = a >> 32, bLo = b & 0xFFFFFFFFu, bHi = b >> 32;
  const uint64_t ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
  const uint64_t middle = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
  return {hh + (lh >> 32) + (hl >> 32) + (middle >> 32), (middle << 32) | (ll & 0xFFFFFFFFu)};
#endif
}

// The double nearest to w * 10^q (ties to even), for w != 0 and q in [kMinPower, kMaxPower].
// False when the result would be subnormal (left to strtod).
bool eiselLemire(uint64_t w, int q, double& out) {
  const int lz = __builtin_clzll(w);
  w <<= lz;
  const uint64_t* power = kPowersOfFive[q - kMinPower];
  U128 product = multiply(w, power[0]);
  constexpr uint64_t precisionMask = UINT64_MAX >> 55;  // 52 mantissa bits + 3
  if ((product.high & precisionMask) == precisionMask) {
    const U128 second = multiply(w, power[1]);
    product.low += second.high;
    if (second.high > product.low) ++product.high;
  }
  const int upperBit = static_cast<int>(product.high >> 63);
  const int shift = upperBit + 64 - 52 - 3;
  uint64_t mantissa = product.high >> shift;
  // floor(log2(10^q)) + 63, plus the normalisation, as a biased binary exponent.
  int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperBit - lz + 1023;
  if (power2 <= 0) return false;
  // Exactly halfway between two doubles (only possible when 5^q fits in 64 bits): round to even.
  if (product.low <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 &&
      (mantissa << shift) == product.high) {
    mantissa &= ~uint64_t{1};
  }
  mantissa += mantissa & 1;
  mantissa >>= 1;
  if (mantissa >= (uint64_t{2} << 52)) {
    mantissa = uint64_t{1} << 52;
    ++power2;
  }
  mantissa &= ~(uint64_t{1} << 52);
  if (power2 >= 0x7FF) return false;  // not finite (cannot happen within the table's range)
  const uint64_t bits = mantissa | static_cast<uint64_t>(power2) << 52;
  std::memcpy(&out, &bits, sizeof out);
  return true;
}

// JSON number text (as the event scanner validated it) to the nearest double without strtod, for
// up to 19 significant digits and decimal exponents within the table; false: take strtod.
bool fastPath(std::string_view t, double& out) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  bool negative = false;
  if (i < n && t[i] == '-') {
    negative = true;
    ++i;
  }
  uint64_t w = 0;
  int significant = 0;  // digits in w, leading zeros not counted
  int scale = 0;        // fraction digits taken into w
  bool any = false;
  for (; i < n && t[i] >= '0' && t[i] <= '9'; ++i) {
    any = true;
    if (w == 0 && t[i] == '0') continue;
    if (++significant > 19) return false;
    w = w * 10 + static_cast<uint64_t>(t[i] - '0');
  }
  if (i < n && t[i] == '.') {
    for (++i; i < n && t[i] >= '0' && t[i] <= '9'; ++i) {
      any = true;
      ++scale;
      if (w == 0 && t[i] == '0') continue;
      if (++significant > 19) return false;
      w = w * 10 + static_cast<uint64_t>(t[i] - '0');
    }
  }
  if (!any) return false;
  int exponent = 0;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool negativeExponent = false;
    if (i < n && (t[i] == '+' || t[i] == '-')) negativeExponent = t[i++] == '-';
    if (i >= n) return false;
    for (; i < n && t[i] >= '0' && t[i] <= '9'; ++i) {
      if (exponent > 100000) return false;
      exponent = exponent * 10 + (t[i] - '0');
    }
    if (negativeExponent) exponent = -exponent;
  }
  if (i != n) return false;
  if (w == 0) {
    out = negative ? -0.0 : 0.0;
    return true;
  }
  const int q = exponent - scale;
  double v;
  if (w <= (uint64_t{1} << 53) && q >= -22 && q <= 22) {
    v = static_cast<double>(w);
    v = q < 0 ? v / kExactPowers[-q] : v * kExactPowers[q];
  } else if (q < kMinPower || q > kMaxPower || !eiselLemire(w, q, v)) {
    return false;
  }
  out = negative ? -v : v;
  return true;
}

}  // namespace

bool parseNumber(std::string_view text, double& out) {
  if (text.empty() || text.size() > 400) return false;
  if (fastPath(text, out)) return true;
  char buf[64];
  std::string big;
  const char* s;
  if (text.size() < sizeof buf) {
    text.copy(buf, text.size());
    buf[text.size()] = '\0';
    s = buf;
  } else {
    big.assign(text);
    s = big.c_str();
  }
  char* end = nullptr;
  double v = std::strtod(s, &end);
  if (end != s + text.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool numericallyComparable(double value) {
  // Strictly below 2^53: a literal that rounds to 2^53 may have been 2^53 + 1.
  return std::isfinite(value) && std::fabs(value) < 9007199254740992.0;  // 2^53
}

}  // namespace ebw::pattern
