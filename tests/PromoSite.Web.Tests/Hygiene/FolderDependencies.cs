using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PromoSite.Web.Tests.Hygiene;

/// <summary>
/// Which feature folder uses which, read from the compiled assemblies rather than from the source:
/// every type a folder's code names (base types, interfaces, fields, signatures, attributes, local
/// variables, and every type, method and field its method bodies touch) counts, whether the source
/// wrote a using directive, a fully-qualified name, a relative one (<c>Media.MediaImages</c>) or
/// nothing at all (<c>var</c>, extension methods). Compiler-made types (lambdas, async state
/// machines) count for the type that wrote them, and Razor views for the folder they sit in.
/// A folder is a namespace cut to <see cref="Depth"/> segments below its project:
/// PromoSite.Cms.Storage.Migrations is part of Storage, PromoSite.Cms.Areas.Admin.Pages.Content part
/// of Areas.
/// </summary>
internal sealed class FolderDependencies
{
    private const int Depth = 1;

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Folder → folders it uses, each with one example ("Type uses Type") to show in a failure.</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>How many Razor views were found and counted for their folders.</summary>
    public int Views { get; private set; }

    public IEnumerable<string> Folders => Edges.Keys.Concat(Edges.Values.SelectMany(e => e.Keys)).Distinct().Order(StringComparer.Ordinal);

    /// <summary>Reads an assembly whose code lives in namespaces below <paramref name="project"/> (PromoSite.Cms, PromoSite.Web).</summary>
    public void Read(Assembly assembly, string project)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        new AssemblyReader(this, pe, pe.GetMetadataReader(), project).ReadAll();
    }

    /// <summary>The cycles among folders: every strongly connected set, each shown as one loop with the code behind each step.</summary>
    public IReadOnlyList<string> Cycles(IReadOnlySet<(string From, string To)> allowed)
    {
        var graph = Edges.ToDictionary(
            e => e.Key,
            e => e.Value.Keys.Where(to => !allowed.Contains((e.Key, to))).Order(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
        var cycles = new List<string>();
        foreach (var component in StronglyConnected(graph).Where(c => c.Count > 1))
        {
            var loop = ShortestLoop(graph, component);
            var inside = component.Order(StringComparer.Ordinal)
                .SelectMany(from => graph[from].Where(component.Contains).Select(to => $"    {from} → {to}   ({Edges[from][to]})"));
            cycles.Add($"{string.Join(" → ", loop)}\n  every step among {string.Join(", ", component.Order(StringComparer.Ordinal))}:\n{string.Join('\n', inside)}");
        }

        return cycles;
    }

    private void Add(string from, string to, string example)
    {
        if (from == to)
        {
            return;
        }

        if (!Edges.TryGetValue(from, out var targets))
        {
            Edges[from] = targets = new(StringComparer.Ordinal);
        }

        targets.TryAdd(to, example);
    }

    private static List<HashSet<string>> StronglyConnected(Dictionary<string, List<string>> graph)
    {
        // Tarjan's algorithm; the graph has a few dozen nodes, so recursion is fine.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                result.Add(component);
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return result;
    }

    /// <summary>The shortest way from the component's first folder back to itself, as a list of folders (first = last).</summary>
    private static List<string> ShortestLoop(Dictionary<string, List<string>> graph, HashSet<string> component)
    {
        var start = component.Order(StringComparer.Ordinal).First();
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in graph[node].Where(component.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start, node };
                    while (path[^1] != start)
                    {
                        path.Add(cameFrom[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (next != start && cameFrom.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException("A strongly connected set always has a loop.");
    }

    private sealed class AssemblyReader(FolderDependencies graph, PEReader pe, MetadataReader md, string project) : ISignatureTypeProvider<IEnumerable<Named>, object?>
    {
        /// <summary>Razor's generated view classes (namespace AspNetCoreGeneratedDocument) → the namespace of the folder the .cshtml is in.</summary>
        private readonly Dictionary<string, string> views = new(StringComparer.Ordinal);

        public void ReadAll()
        {
            foreach (var handle in md.GetCustomAttributes(EntityHandle.AssemblyDefinition))
            {
                var attribute = md.GetCustomAttribute(handle);
                if (AttributeName(attribute) == "Microsoft.AspNetCore.Razor.Hosting.RazorCompiledItemAttribute"
                    && attribute.DecodeValue(new AttributeTypes()).FixedArguments is [{ Value: string type }, _, { Value: string identifier }])
                {
                    // "/Areas/Admin/Pages/Content/Edit.cshtml" → PromoSite.Cms.Areas.Admin.Pages.Content
                    var folder = identifier.Trim('/').Split('/')[..^1];
                    views[type] = string.Join('.', [project, .. folder]);
                    graph.Views++;
                }
            }

            foreach (var handle in md.TypeDefinitions)
            {
                if (Folder(TopLevel(handle)) is { } folder)
                {
                    ReadType(folder, handle);
                }
            }
        }

        private void ReadType(string folder, TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var name = TypeName(TopLevel(handle));
            void Uses(IEnumerable<Named> types)
            {
                foreach (var used in types)
                {
                    if (FolderOf(used.Namespace) is { } target)
                    {
                        graph.Add(folder, target, $"{name} uses {used.Type}");
                    }
                }
            }

            Uses(Of(type.BaseType));
            Uses(type.GetInterfaceImplementations().SelectMany(i => Of(md.GetInterfaceImplementation(i).Interface)));
            Uses(Attributes(type.GetCustomAttributes()));
            Uses(type.GetGenericParameters().SelectMany(Constraints));
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                Uses(field.DecodeSignature(this, null));
                Uses(Attributes(field.GetCustomAttributes()));
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(propertyHandle);
                var signature = property.DecodeSignature(this, null);
                Uses(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
                Uses(Attributes(property.GetCustomAttributes()));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var signature = method.DecodeSignature(this, null);
                Uses(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
                Uses(Attributes(method.GetCustomAttributes()));
                Uses(method.GetParameters().SelectMany(p => Attributes(md.GetParameter(p).GetCustomAttributes())));
                Uses(method.GetGenericParameters().SelectMany(Constraints));
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        Uses(md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null).SelectMany(l => l));
                    }

                    Uses(Tokens(body.GetILReader()).SelectMany(Of));
                }
            }
        }

        /// <summary>Every metadata token an IL stream names (calls, field access, new objects, casts, typeof, ldtoken).</summary>
        private static IEnumerable<EntityHandle> Tokens(BlobReader il)
        {
            var found = new List<EntityHandle>();
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (short)(0xFE00 | il.ReadByte());
                }

                switch (Operands[code])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32(); // read first: "Offset += 4 * ReadInt32()" would add to the offset before the read
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        found.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }

            return found;
        }

        private IEnumerable<Named> Constraints(GenericParameterHandle handle) =>
            md.GetGenericParameter(handle).GetConstraints().SelectMany(c => Of(md.GetGenericParameterConstraint(c).Type));

        private IEnumerable<Named> Attributes(CustomAttributeHandleCollection attributes) =>
            attributes.SelectMany(a => Of(md.GetCustomAttribute(a).Constructor));

        /// <summary>The namespaces a handle names: a type's own, a member's declaring type's, a generic instance's arguments too.</summary>
        private IEnumerable<Named> Of(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return [];
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    var top = TopLevel((TypeDefinitionHandle)handle);
                    return [new Named(Namespace(top), TypeName(top))];
                case HandleKind.TypeReference:
                    var reference = md.GetTypeReference((TypeReferenceHandle)handle);
                    return reference.ResolutionScope.Kind == HandleKind.TypeReference
                        ? Of((TypeReferenceHandle)reference.ResolutionScope)
                        : [new Named(md.GetString(reference.Namespace), $"{md.GetString(reference.Namespace)}.{md.GetString(reference.Name)}")];
                case HandleKind.TypeSpecification:
                    return md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                case HandleKind.MethodDefinition:
                    return Of(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                case HandleKind.FieldDefinition:
                    return Of(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                case HandleKind.MemberReference:
                    return Of(md.GetMemberReference((MemberReferenceHandle)handle).Parent);
                case HandleKind.MethodSpecification:
                    var specification = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    return Of(specification.Method).Concat(specification.DecodeSignature(this, null).SelectMany(a => a));
                default:
                    return [];
            }
        }

        private TypeDefinitionHandle TopLevel(TypeDefinitionHandle handle)
        {
            while (md.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } outer)
            {
                handle = outer;
            }

            return handle;
        }

        private string TypeName(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var name = md.GetString(type.Name);
            var ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : $"{ns}.{name}";
        }

        /// <summary>The namespace a top-level type's code belongs to (a view's is its folder's).</summary>
        private string Namespace(TypeDefinitionHandle handle) =>
            views.GetValueOrDefault(TypeName(handle)) ?? md.GetString(md.GetTypeDefinition(handle).Namespace);

        private string? Folder(TypeDefinitionHandle handle) => FolderOf(Namespace(handle));

        private static string? FolderOf(string ns)
        {
            foreach (var project in (string[])["PromoSite.Cms", "PromoSite.Web"])
            {
                if (ns == project)
                {
                    return project;
                }

                if (ns.StartsWith(project + ".", StringComparison.Ordinal))
                {
                    var segments = ns[(project.Length + 1)..].Split('.');
                    return $"{project}.{string.Join('.', segments.Take(Depth))}";
                }
            }

            return null;
        }

        private string? AttributeName(CustomAttribute attribute) => Of(attribute.Constructor).FirstOrDefault().Type;

        public IEnumerable<Named> GetArrayType(IEnumerable<Named> elementType, ArrayShape shape) => elementType;

        public IEnumerable<Named> GetByReferenceType(IEnumerable<Named> elementType) => elementType;

        public IEnumerable<Named> GetFunctionPointerType(MethodSignature<IEnumerable<Named>> signature) => signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p));

        public IEnumerable<Named> GetGenericInstantiation(IEnumerable<Named> genericType, ImmutableArray<IEnumerable<Named>> typeArguments) => genericType.Concat(typeArguments.SelectMany(a => a));

        public IEnumerable<Named> GetGenericMethodParameter(object? genericContext, int index) => [];

        public IEnumerable<Named> GetGenericTypeParameter(object? genericContext, int index) => [];

        public IEnumerable<Named> GetModifiedType(IEnumerable<Named> modifier, IEnumerable<Named> unmodifiedType, bool isRequired) => unmodifiedType;

        public IEnumerable<Named> GetPinnedType(IEnumerable<Named> elementType) => elementType;

        public IEnumerable<Named> GetPointerType(IEnumerable<Named> elementType) => elementType;

        public IEnumerable<Named> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public IEnumerable<Named> GetSZArrayType(IEnumerable<Named> elementType) => elementType;

        public IEnumerable<Named> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Of(handle);

        public IEnumerable<Named> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Of(handle);

        public IEnumerable<Named> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => Of(handle);
    }

    /// <summary>Enough of custom-attribute decoding to read RazorCompiledItem(typeof(view), kind, "/path.cshtml").</summary>
    /// <summary>A type a signature or instruction names: its namespace, and its full name to show.</summary>
    private readonly record struct Named(string Namespace, string Type);

    private sealed class AttributeTypes : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetSystemType() => "System.Type";

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
            $"{reader.GetString(reader.GetTypeReference(handle).Namespace)}.{reader.GetString(reader.GetTypeReference(handle).Name)}";

        public string GetTypeFromSerializedName(string name) => name.Split(',')[0];

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
