// Runs EPUBCheck on every file named on the command line inside one Java process. Starting the JVM
// and compiling EPUBCheck's schemas takes seconds; doing it once instead of once per book keeps the
// test of twenty books to a few seconds. Run as a single-file program (java -cp epubcheck.jar this.java).
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckBatch {
  public static void main(String[] args) {
    int failed = 0;
    for (String path : args) {
      System.out.println("=== " + path);
      System.out.flush();
      int code = new EpubChecker().run(new String[] { path });
      System.out.flush();
      System.err.flush();
      System.out.println("=== exit " + code);
      if (code != 0) {
        failed++;
      }
    }

    System.exit(failed == 0 ? 0 : 1);
  }
}
