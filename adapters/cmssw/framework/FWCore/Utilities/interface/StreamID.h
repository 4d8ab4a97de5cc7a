#ifndef FWCore_Utilities_StreamID_h
#define FWCore_Utilities_StreamID_h
// Stand-in for edm::StreamID: the index of a framework stream, 0 .. nStreams-1. Only the
// framework makes them (the constructor is for the stand-in's event processor and tests).
namespace edm {

  class StreamID {
  public:
    explicit StreamID(unsigned int value) : value_(value) {}
    unsigned int value() const { return value_; }
    operator unsigned int() const { return value_; }
    bool operator==(StreamID const&) const = default;

  private:
    unsigned int value_;
  };

}  // namespace edm

#endif
