#ifndef DataFormats_NanoAOD_FlatTable_h
#define DataFormats_NanoAOD_FlatTable_h
// Stand-in for nanoaod::FlatTable, the column table NanoAOD producers exchange (one row
// per object of a collection, or one row for a singleton event table): named columns of
// float, int, uint8 or bool with a doc string each, read by index (columnData, or
// getAnyValue as a double) and added by addColumn, which refuses a duplicated name or a
// column of another size with the real cms::Exception("LogicError") messages. An
// extension table adds columns to the table of the same name.
#include "FWCore/Utilities/interface/Exception.h"

#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace nanoaod {

  class FlatTable {
    template <typename T>
    using Stored = std::conditional_t<std::is_same_v<T, bool>, std::uint8_t, T>;

  public:
    enum class ColumnType { Float, Int, UInt8, Bool };

    FlatTable() = default;
    FlatTable(unsigned int size, std::string const& name, bool singleton, bool extension = false)
        : size_(size), name_(name), singleton_(singleton), extension_(extension) {}

    unsigned int nColumns() const { return static_cast<unsigned int>(columns_.size()); }
    unsigned int nRows() const { return size_; }
    unsigned int size() const { return size_; }
    bool singleton() const { return singleton_; }
    bool extension() const { return extension_; }
    std::string const& name() const { return name_; }

    std::string const& columnName(unsigned int col) const { return columns_[col].name; }
    int columnIndex(std::string const& name) const {
      for (unsigned int c = 0; c < columns_.size(); ++c)
        if (columns_[c].name == name) return static_cast<int>(c);
      return -1;
    }
    ColumnType columnType(unsigned int col) const { return columns_[col].type; }

    void setDoc(std::string const& doc) { doc_ = doc; }
    std::string const& doc() const { return doc_; }
    std::string const& columnDoc(unsigned int col) const { return columns_[col].doc; }

    template <typename T>
    std::span<const Stored<T>> columnData(unsigned int column) const {
      return {storage<T>().data() + columns_[column].firstIndex, size_};
    }

    // Any column's value as a double, whatever its type.
    double getAnyValue(unsigned int row, unsigned int column) const {
      Column const& c = columns_[column];
      switch (c.type) {
        case ColumnType::Float: return floats_[c.firstIndex + row];
        case ColumnType::Int: return ints_[c.firstIndex + row];
        case ColumnType::UInt8:
        case ColumnType::Bool: return uint8s_[c.firstIndex + row];
      }
      return 0.0;
    }

    template <typename T, typename C>
    void addColumn(std::string const& name, C const& values, std::string const& docString, int mantissaBits = -1) {
      (void)mantissaBits;  // the real table can round floats to fewer mantissa bits; not needed here
      if (columnIndex(name) != -1) throw cms::Exception("LogicError", "Duplicated column: " + name);
      if (values.size() != size()) throw cms::Exception("LogicError", "Mismatched size for " + name);
      auto& data = storage<T>();
      columns_.push_back({name, docString, columnType<T>(), static_cast<unsigned int>(data.size())});
      data.insert(data.end(), values.begin(), values.end());
    }

  private:
    template <typename T>
    static constexpr ColumnType columnType() {
      if constexpr (std::is_same_v<T, float>) return ColumnType::Float;
      else if constexpr (std::is_same_v<T, int>) return ColumnType::Int;
      else if constexpr (std::is_same_v<T, std::uint8_t>) return ColumnType::UInt8;
      else {
        static_assert(std::is_same_v<T, bool>, "FlatTable columns are float, int, uint8_t or bool");
        return ColumnType::Bool;
      }
    }
    template <typename T>
    auto& storage() {
      if constexpr (std::is_same_v<T, float>) return floats_;
      else if constexpr (std::is_same_v<T, int>) return ints_;
      else return uint8s_;
    }
    template <typename T>
    auto const& storage() const {
      if constexpr (std::is_same_v<T, float>) return floats_;
      else if constexpr (std::is_same_v<T, int>) return ints_;
      else return uint8s_;
    }

    struct Column {
      std::string name, doc;
      ColumnType type;
      unsigned int firstIndex;
    };
    unsigned int size_ = 0;
    std::string name_, doc_;
    bool singleton_ = false, extension_ = false;
    std::vector<Column> columns_;
    std::vector<float> floats_;
    std::vector<int> ints_;
    std::vector<std::uint8_t> uint8s_;
  };

}  // namespace nanoaod

#endif
