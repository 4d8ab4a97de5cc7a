#pragma once
// Test helpers: two real rows of the open-data release (EventId 100000 and 100001, as
// published) and text edits on them, to build small HiggsML files in tests.
#include "sieve/data/higgs_columns.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace sieve::test {

inline const std::string kOpenDataRow0 =
    "100000,138.47,51.655,97.827,27.98,0.91,124.711,2.666,3.064,41.928,197.76,1.582,1.396,0.2,"
    "32.638,1.017,0.381,51.626,2.273,-2.414,16.824,-0.277,258.733,2,67.435,2.15,0.444,46.062,"
    "1.24,-2.475,113.497,0.00081448039868,s,t,0.00265331133733";
inline const std::string kOpenDataRow1 =
    "100001,160.937,68.768,103.235,48.146,-999.0,-999.0,-999.0,3.473,2.078,125.157,0.879,1.414,"
    "-999.0,42.014,2.039,-3.011,36.918,0.501,0.103,44.704,-1.916,164.546,1,46.226,0.725,1.158,"
    "-999.0,-999.0,-999.0,46.226,0.681041906806,b,t,2.23358448717";

// The first `columns` columns of the open-data header (35 = open data, 33 = Kaggle
// training, 31 = Kaggle test).
inline std::string open_data_header(std::size_t columns = 35) {
  std::string h = "EventId";
  for (std::string_view name : sieve::data::kHiggsColumnNames) {
    h += ',';
    h += name;
  }
  h += ",Weight,Label,KaggleSet,KaggleWeight";
  std::size_t commas = 0, pos = 0;
  for (; pos < h.size(); ++pos)
    if (h[pos] == ',' && ++commas == columns) break;
  return h.substr(0, pos);
}

// The first `columns` cells of a row.
inline std::string first_cells(const std::string& row, std::size_t columns) {
  std::size_t commas = 0, pos = 0;
  for (; pos < row.size(); ++pos)
    if (row[pos] == ',' && ++commas == columns) break;
  return row.substr(0, pos);
}

// The row with its cell number `column` (1-based) replaced by `text`.
inline std::string with_cell(const std::string& row, std::size_t column, std::string_view text) {
  std::size_t start = 0;
  for (std::size_t c = 1; c < column; ++c) start = row.find(',', start) + 1;
  std::size_t stop = row.find(',', start);
  if (stop == std::string::npos) stop = row.size();
  return row.substr(0, start) + std::string(text) + row.substr(stop);
}

} // namespace sieve::test
