// Checks an ontology document against the OWL 2 DL profile with the OWL API that
// ships inside HermiT.jar (owlready2's copy). Prints one line per violation and
// "violations: N" last; exit code 0 when N is 0, 1 otherwise, 2 on a load error.
// Run with Java 11 or later as a single-file program:
//   java -cp HermiT.jar ProfileCheck.java FILE.owl
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) {
        OWLOntology ontology;
        try {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        } catch (Exception e) {
            System.out.println("cannot load " + args[0] + ": " + e);
            System.exit(2);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println(v.getClass().getSimpleName() + "\t" + v.toString().replace('\n', ' '));
        }
        System.out.println("violations: " + report.getViolations().size());
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
