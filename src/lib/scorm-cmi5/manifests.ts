// Package descriptions for LMSs: imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th edition, cmi5.xml
// for cmi5. One SCO / AU per module, each launching the wrapper page with its module. Pure.

export type PackageRuntime = 'scorm12' | 'scorm2004' | 'cmi5';

export interface PackageModule {
  id: string;
  title: string;
  summary: string;
}

export interface PackageOptions {
  /** Trainer-set pass mark (0–1): SCORM masteryscore / minNormalizedMeasure, cmi5 masteryScore. */
  masteryScore: number | null;
  /** cmi5 moveOn. */
  moveOn: 'Completed' | 'Passed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';
  /** Put the LMS learner id into the module's result records (off by default). */
  includeLmsLearnerId: boolean;
  /** Cohort code recorded with every attempt started from this package. */
  cohort: string | null;
  /** Base of the cmi5 course and AU ids (an IRI). */
  idBase: string;
}

export const defaultPackageOptions = (): PackageOptions => ({
  masteryScore: null,
  moveOn: 'Completed',
  includeLmsLearnerId: false,
  cohort: null,
  idBase: 'urn:mutual-support-training:',
});

export interface PackageDescription {
  /** Identifies the package (course or one module). */
  id: string;
  title: string;
  description: string;
  modules: PackageModule[];
  /** Every file in the package (paths relative to its root). */
  files: string[];
  options: PackageOptions;
}

export const LAUNCH_PAGE = 'lms/launch/index.html';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const fileHref = (path: string) => xml(path.split('/').map(encodeURIComponent).join('/'));

/** The wrapper's URL for a module (relative to the package root), before XML escaping. */
export function launchUrl(runtime: PackageRuntime, moduleId: string, options: PackageOptions): string {
  const q = new URLSearchParams({ lms: runtime, module: moduleId });
  if (options.cohort) q.set('cohort', options.cohort);
  if (options.includeLmsLearnerId) q.set('lid', '1');
  return `${LAUNCH_PAGE}?${q}`;
}

const ident = (prefix: string, id: string) => `${prefix}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

export function scorm12Manifest(p: PackageDescription): string {
  const mastery = p.options.masteryScore === null ? '' : `\n        <adlcp:masteryscore>${Math.round(p.options.masteryScore * 100)}</adlcp:masteryscore>`;
  const items = p.modules
    .map(
      (m) => `      <item identifier="${ident('item', m.id)}" identifierref="${ident('res', m.id)}" isvisible="true">
        <title>${xml(m.title)}</title>${mastery}
      </item>`,
    )
    .join('\n');
  const resources = p.modules
    .map(
      (m) => `    <resource identifier="${ident('res', m.id)}" type="webcontent" adlcp:scormtype="sco" href="${xml(launchUrl('scorm12', m.id, p.options))}">
      <file href="${LAUNCH_PAGE}"/>
      <dependency identifierref="shared-files"/>
    </resource>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${ident('pkg', p.id)}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${xml(p.title)}</title>
${items}
    </organization>
  </organizations>
  <resources>
${resources}
    <resource identifier="shared-files" type="webcontent" adlcp:scormtype="asset">
${p.files.map((f) => `      <file href="${fileHref(f)}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

export function scorm2004Manifest(p: PackageDescription): string {
  const sequencing = (m: PackageModule) =>
    p.options.masteryScore === null
      ? ''
      : `
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${ident('mastery', m.id)}" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${p.options.masteryScore}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>`;
  const items = p.modules
    .map(
      (m) => `      <item identifier="${ident('item', m.id)}" identifierref="${ident('res', m.id)}" isvisible="true">
        <title>${xml(m.title)}</title>${sequencing(m)}
      </item>`,
    )
    .join('\n');
  const resources = p.modules
    .map(
      (m) => `    <resource identifier="${ident('res', m.id)}" type="webcontent" adlcp:scormType="sco" href="${xml(launchUrl('scorm2004', m.id, p.options))}">
      <file href="${LAUNCH_PAGE}"/>
      <dependency identifierref="shared-files"/>
    </resource>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${ident('pkg', p.id)}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${xml(p.title)}</title>
${items}
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
${resources}
    <resource identifier="shared-files" type="webcontent" adlcp:scormType="asset">
${p.files.map((f) => `      <file href="${fileHref(f)}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

export function cmi5CourseStructure(p: PackageDescription): string {
  const lang = (text: string) => `<langstring lang="en-US">${xml(text)}</langstring>`;
  const mastery = p.options.masteryScore === null ? '' : ` masteryScore="${p.options.masteryScore}"`;
  const aus = p.modules
    .map(
      (m) => `  <au id="${xml(`${p.options.idBase}au/${m.id}`)}" moveOn="${p.options.moveOn}"${mastery} launchMethod="AnyWindow">
    <title>${lang(m.title)}</title>
    <description>${lang(m.summary)}</description>
    <url>${xml(launchUrl('cmi5', m.id, p.options))}</url>
  </au>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${xml(p.id === 'course' ? `${p.options.idBase}course` : `${p.options.idBase}course/${p.id}`)}">
    <title>${lang(p.title)}</title>
    <description>${lang(p.description)}</description>
  </course>
${aus}
</courseStructure>
`;
}
