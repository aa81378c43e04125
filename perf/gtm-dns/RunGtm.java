import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.gtm.GtmServer;
import java.nio.file.Path;

/** Runs the GTM on a config file until killed: what `meridian gtm -c FILE` does, without building the CLI. */
public class RunGtm {
    public static void main(String[] args) throws Exception {
        GtmServer gtm = GtmServer.start(new ConfigHolder(new ConfigLoader().load(Path.of(args[0]))));
        System.out.println("ready " + gtm.udpAddress().getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(gtm::close));
        Thread.currentThread().join();
    }
}
