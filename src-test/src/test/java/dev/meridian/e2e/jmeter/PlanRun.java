package dev.meridian.e2e.jmeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.jmeter.JMeter;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;

/** Runs one .jmx in this JVM, non-GUI, with the given JMeter properties (-J on the command line), and collects outcomes. */
final class PlanRun {
    private PlanRun() {
    }

    static Outcomes run(Path plan, Map<String, String> properties, Duration limit) {
        JMeterHome.init();
        properties.forEach(JMeterUtils::setProperty);
        HashTree tree;
        try {
            tree = SaveService.loadTree(plan.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + plan, e);
        }
        JMeter.convertSubTree(tree, false);
        Outcomes outcomes = new Outcomes();
        tree.add(tree.getArray()[0], outcomes);
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(tree);
        Thread runner = new Thread(engine, "jmeter-" + plan.getFileName());
        runner.start();
        try {
            runner.join(limit.toMillis());
            if (runner.isAlive()) {
                engine.stopTest(true);
                runner.join(10_000);
                throw new AssertionError(plan.getFileName() + " did not finish within " + limit);
            }
        } catch (InterruptedException e) {
            engine.stopTest(true);
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            properties.keySet().forEach(k -> JMeterUtils.getJMeterProperties().remove(k));
        }
        return outcomes;
    }
}
