package dev.meridian.imaging.decode;

import dev.meridian.imaging.TestImages;

/** The requirement rule for libjpeg-turbo: tests of the fast JPEG path need it, and CI must have it. */
public final class TurboJpegs {
    private TurboJpegs() {
    }

    public static void require() {
        TestImages.require(ScaledJpegDecoder.system().available(), "libjpeg-turbo's TurboJPEG API is not usable "
                + "(apt-get install libturbojpeg0; see the log line of ScaledJpegDecoder for why)");
    }
}
