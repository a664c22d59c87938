{
  "targets": [
    {
      "target_name": "sigprobe_crack",
      "sources": ["hmac_kernel.cc"],
      "cflags_cc": ["-O3", "-Wno-deprecated-declarations"],
      "cflags": ["-O3", "-Wno-deprecated-declarations"]
    }
  ]
}
