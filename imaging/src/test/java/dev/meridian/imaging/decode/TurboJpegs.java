package dev.meridian.imaging.decode;

import dev.meridian.imaging.TestImages;
import dev.meridian.imaging.turbojpeg.TurboJpeg;

/** The requirement rule for libjpeg-turbo: tests of the fast JPEG path need it, and CI must have it. */
public final class TurboJpegs {
    private TurboJpegs() {
    }

    public static void require() {
        TestImages.require(TurboJpeg.installed().isPresent(), "libjpeg-turbo's TurboJPEG API is not usable "
                + "(apt-get install libturbojpeg0; see the log line of TurboJpeg for why)");
    }
}
