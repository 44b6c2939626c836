// A hash map from strings to values for the matcher's index: open addressing with linear probing
// over a power-of-two table of (hash, entry) pairs, keys and values stored apart. Looked up by
// string_view (no key copy per leaf), one probe sequence over a flat array instead of std::
// unordered_map's bucket list and node per entry, and a multiply-mix hash eight bytes at a time.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ebw::match {

inline uint64_t hashBytes(std::string_view s) {
  constexpr uint64_t k = 0x9E3779B97F4A7C15ULL;
  uint64_t h = 0x243F6A8885A308D3ULL ^ (s.size() * k);
  const char* p = s.data();
  std::size_t n = s.size();
  auto mix = [&](uint64_t v) {
    h = (h ^ v) * k;
    h ^= h >> 29;
  };
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    mix(v);
  }
  if (n) {
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    mix(v);
  }
  h *= k;
  return h ^ (h >> 32);
}

template <typename V>
class StringMap {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  const V* find(std::string_view key) const {
    return findHashed(hashBytes(key), [&](std::string_view stored) { return stored == key; });
  }

  V* find(std::string_view key) {
    return const_cast<V*>(static_cast<const StringMap*>(this)->find(key));
  }

  // The value under `key`, inserted (value-initialised) when absent.
  V& operator[](std::string_view key) { return atHashed(hashBytes(key), key); }

  void erase(std::string_view key) { eraseHashed(hashBytes(key), key); }

  // The same with the caller's hash of the key: lookups by a key in parts (a prefix and a leaf's
  // text, say) that `same` compares with the stored key, without assembling it. Every operation
  // on one entry must use the same hash.
  template <typename Same>
  const V* findHashed(uint64_t h, Same&& same) const {
    if (size_ == 0) return nullptr;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = table_[i];
      if (s.entry == 0) return nullptr;
      if (s.hash == h && same(std::string_view(keys_[s.entry - 1]))) return &values_[s.entry - 1];
    }
  }

  V& atHashed(uint64_t h, std::string_view key) {
    if ((size_ + 1) * 2 > table_.size()) grow();
    std::size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& s = table_[i];
      if (s.entry == 0) break;
      if (s.hash == h && keys_[s.entry - 1] == key) return values_[s.entry - 1];
    }
    uint32_t entry;
    if (!free_.empty()) {
      entry = free_.back();
      free_.pop_back();
      keys_[entry - 1] = std::string(key);
      values_[entry - 1] = V();
    } else {
      keys_.emplace_back(key);
      values_.emplace_back();
      entry = static_cast<uint32_t>(keys_.size());
    }
    table_[i] = Slot{h, entry};
    ++size_;
    return values_[entry - 1];
  }

  void eraseHashed(uint64_t h, std::string_view key) {
    if (size_ == 0) return;
    std::size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& s = table_[i];
      if (s.entry == 0) return;
      if (s.hash == h && keys_[s.entry - 1] == key) break;
    }
    const uint32_t entry = table_[i].entry;
    keys_[entry - 1].clear();
    keys_[entry - 1].shrink_to_fit();
    values_[entry - 1] = V();
    free_.push_back(entry);
    --size_;
    // Backward-shift deletion: later members of the probe run move into the hole when their home
    // position does not lie (cyclically) between the hole and where they sit.
    for (std::size_t j = i;;) {
      j = (j + 1) & mask_;
      if (table_[j].entry == 0) break;
      const std::size_t home = table_[j].hash & mask_;
      const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (stays) continue;
      table_[i] = table_[j];
      i = j;
    }
    table_[i] = Slot{0, 0};
  }

  // Calls f(key, value) for every entry.
  template <typename F>
  void forEach(F&& f) const {
    for (const Slot& s : table_) {
      if (s.entry) f(std::string_view(keys_[s.entry - 1]), values_[s.entry - 1]);
    }
  }

 private:
  struct Slot {
    uint64_t hash;
    uint32_t entry;  // 1 + index into keys_/values_; 0: empty
  };

  void grow() {
    std::vector<Slot> old = std::move(table_);
    table_.assign(old.empty() ? 16 : old.size() * 2, Slot{0, 0});
    mask_ = table_.size() - 1;
    for (const Slot& s : old) {
      if (s.entry == 0) continue;
      std::size_t i = s.hash & mask_;
      while (table_[i].entry != 0) i = (i + 1) & mask_;
      table_[i] = s;
    }
  }

  std::vector<Slot> table_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  std::vector<std::string> keys_;
  std::vector<V> values_;
  std::vector<uint32_t> free_;
};

}  // namespace ebw::match
